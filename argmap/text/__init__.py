"""Text shared by the stages: post text into blocks (``blocks``), and text made
safe for XML (``xmlsafe``)."""
