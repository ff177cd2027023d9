"""How argmap's HTML pages (the map, the report) load Jinja templates, with
escaping on, and hash their inline blocks for the Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup


def csp_source(text: str) -> Markup:
    """The CSP hash source that allows exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return Markup("'sha256-%s'") % base64.b64encode(digest).decode("ascii")


def template_environment(folder: Path, **filters) -> Environment:
    """Templates of ``folder`` with everything autoescaped and a missing
    variable an error (a typo must not render as empty text), plus the CSP
    hash filter every page uses and ``filters``."""
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(csp_source=csp_source, **filters)
    return env
