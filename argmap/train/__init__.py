"""Training code, apart from the runtime: it needs the ``train`` extra.

``argmap train stance`` builds the linear model (``argmap.train.linear``)
or, with ``--model transformer``, fine-tunes the MiniLM cross-encoder
(:mod:`argmap.train.transformer`).
"""
