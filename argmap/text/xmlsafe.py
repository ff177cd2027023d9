"""Characters no output may hold: XML 1.0 forbids them in GraphML, and lone
surrogates cannot be encoded at all. Sources drop them on reading, exports
again on writing (a library user may add text to the graph)."""

from __future__ import annotations

import re

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_xml_illegal(text: str) -> str:
    return XML_ILLEGAL.sub("", text)
