"""Pages that stand in for the one we asked for: bot checks, rate limits, login walls.

Sites sometimes answer a thread URL with something else: Cloudflare's "Just a
moment..." check, a CAPTCHA, a site's own rate-limit or block page (Hacker
News' "Sorry, we're not able to serve your requests this quickly.", Reddit's
"whoa there, pardner!"), or a login form, often with status 200. ``find_wall``
recognises them, so the user gets one message that names the site and says
what to do, instead of a parse error about a page layout. The generic walls
are here; each source declares its site's own (``Source.walls``), and they are
added here when its class is defined (``declare_wall``).

Two strengths. ``strict`` is used on every response the session receives, so
it only fires on what a discussion page cannot contain: the document's own
``<title>`` (which a site writes, not its users), Cloudflare's challenge
options object, or a tiny page whose whole text is the block message. The
default (loose) check is used only once a body has already failed to be what
was expected (JSON that does not parse, an HTML page that is not an item page),
so it may also look for the block message anywhere in the text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from argmap.errors import BlockedError

_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)
_SPACE = re.compile(r"\s+")
_PASSWORD = re.compile(r"""<input\b[^>]*\btype\s*=\s*["']?password\b""", re.IGNORECASE)
_LOGIN_TITLE = re.compile(r"\b(?:log\s?in|sign\s?in|login required)\b", re.IGNORECASE)
_CAPTCHA_TITLE = re.compile(
    r"captcha|are you a robot|human verification|verify you are (?:a )?human"
    r"|security check|bot check",
    re.IGNORECASE,
)
_CAPTCHA_WIDGET = re.compile(
    r"""class\s*=\s*["'][^"']*\b(?:g-recaptcha|h-captcha|cf-turnstile)\b""",
    re.IGNORECASE,
)
#: Markup only a discussion page has; a page with it is never taken for a wall.
_CONTENT = re.compile(
    r"""class\s*=\s*["']?(?:athing|fatitem|comment-tree|commtext|comhead)\b|"post_stream"|"t1_""",
    re.IGNORECASE,
)
#: Cloudflare's challenge page sets this in its own script (user text has no <script>).
_CF_CHALLENGE = re.compile(r"<script\b[^>]*>[^<]*window\._cf_chl_opt\b", re.IGNORECASE)
_CLOUDFLARE_TITLES = {
    "just a moment...",
    "just a moment…",
    "attention required! | cloudflare",
    "please wait... | cloudflare",
}
_TINY_TEXT = 600  # characters of visible text: a block page, not a thread
HEAD_CHARS = 32768  # characters looked at; walls put what identifies them up front

AGAIN = "pages already fetched are cached, so running again resumes where this stopped"
SAVE = (
    "or open the thread in a browser, save the page (for a site read as JSON, "
    "its .json URL) and map the saved file"
)


@dataclass(frozen=True)
class Wall:
    """What stood in for the page, and what the user can do about it."""

    what: str
    advice: str


CLOUDFLARE = Wall(
    "a Cloudflare bot check ('Just a moment...')",
    f"argmap does not solve bot checks: try again later, {SAVE}",
)
CAPTCHA = Wall(
    "a CAPTCHA page", f"argmap does not solve CAPTCHAs: try again later, {SAVE}"
)
BLOCKED = Wall(
    "a page saying the request was blocked",
    f"the site is refusing this client or network: try again later, {SAVE}",
)
LOGIN = Wall(
    "a login page",
    "the thread needs an account and argmap does not log in; if you can read it "
    "in a browser, save it there and map the saved file",
)


@dataclass(frozen=True)
class SiteWall:
    """A site's own block or rate-limit page, known by a phrase of its text."""

    phrase: str  # as shown on the page; matched ignoring case
    wall: Wall


#: Every site's own walls, in the order their sources were defined.
_SITE_WALLS: list[SiteWall] = []


def declare_wall(site_wall: SiteWall) -> None:
    """Recognise ``site_wall`` from now on (``Source`` subclasses call this)."""
    if site_wall not in _SITE_WALLS:
        _SITE_WALLS.append(site_wall)


def _site_wall(shown: str) -> Wall | None:
    """The declared site wall whose phrase ``shown`` (lower case) holds."""
    for site_wall in _SITE_WALLS:
        if site_wall.phrase.lower().replace("\u2019", "'") in shown:
            return site_wall.wall
    return None


def find_wall(text: str, *, strict: bool = False) -> Wall | None:
    """The bot check, rate-limit or login page ``text`` is, or None."""
    head = text[:HEAD_CHARS]
    if head.lstrip()[:1] in ("{", "["):
        return None  # JSON: an API answered, whatever it says
    if strict and _CONTENT.search(head):
        return None
    if _CF_CHALLENGE.search(head):
        return CLOUDFLARE
    title = page_title(head).lower()
    shown = visible_text(head).lower().replace("\u2019", "'")
    tiny = len(shown) <= _TINY_TEXT
    if title in _CLOUDFLARE_TITLES or title.endswith("| cloudflare"):
        return CLOUDFLARE
    widget = _CAPTCHA_WIDGET.search(head)
    if _CAPTCHA_TITLE.search(title) and (tiny or widget or not strict):
        return CAPTCHA
    if title == "blocked":
        return _site_wall(shown) or BLOCKED
    if _LOGIN_TITLE.search(title) and _PASSWORD.search(head):
        return LOGIN
    if strict and not tiny:
        return None
    site_wall = _site_wall(shown)
    if site_wall is not None:
        return site_wall
    if widget:
        return CAPTCHA
    if _PASSWORD.search(head) and _LOGIN_TITLE.search(shown):
        return LOGIN
    return None


def blocked_error(url: str, wall: Wall, status: int, attempts: int = 1) -> BlockedError:
    """One line: which site, what it sent instead (after how many tries), and
    what to do."""
    after = f" after {attempts} attempts" if attempts > 1 else ""
    return BlockedError(
        f"{host_of(url)} answered {url} with {wall.what} (HTTP {status}{after}) "
        f"instead of the page; {wall.advice}",
        url=url,
        status=status,
    )


def describe_body(text: str, content_type: str = "") -> str:
    """What a body is, in a few words: 'an HTML page titled ...', 'an empty body'."""
    kind = content_type.split(";", 1)[0].strip().lower()
    stripped = text.strip()
    if not stripped:
        return "an empty body"
    if stripped[:1] in ("{", "["):
        return "a JSON document" + (f" ({kind})" if kind else "")
    if stripped[:1] == "<":
        title = page_title(stripped[:HEAD_CHARS])
        titled = f" titled {_clip(title)!r}" if title else ""
        return f"an HTML page{titled}" + (f" ({kind})" if kind else "")
    start = _clip(_SPACE.sub(" ", stripped))
    return f"text starting {start!r}" + (f" ({kind})" if kind else "")


def page_title(text: str) -> str:
    found = _TITLE.search(text)
    return _SPACE.sub(" ", html.unescape(found[1])).strip() if found else ""


def visible_text(text: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()


def host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
