"""The data every stage passes on: threads, posts, claims and relations.

Ids are the forum's own ids as strings, so a re-run of the same thread produces
the same graph. A claim's id is ``"<escaped post id>#<index>"`` (see
:func:`escape_id`), and what a relation links (posts or claims) is said by its
``kind``, never read from the ids: a forum may use any string as a post id,
"#" included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property

POST_STATUSES = ("ok", "deleted", "flagged", "dead", "removed", "collapsed")
# "title" is the opening post's title, which first replies can answer.
BLOCK_KINDS = ("title", "paragraph", "quote", "code", "list_item")
CLAIM_TYPES = ("claim", "question", "quote")
STANCES = ("rebuts", "supports", "questions", "neutral")


RELATION_KINDS = ("post", "claim")


def escape_id(post_id: str) -> str:
    """``post_id`` with "%" and "#" percent-escaped ("%25", "%23").

    The result never contains "#", so ``escape_id(post) + "#" + index`` (a
    claim id) can never equal an escaped post id, and the escape is
    reversible, so two posts never share one. Ids without "%" or "#" (every
    real forum's) are unchanged.
    """
    if "%" not in post_id and "#" not in post_id:
        return post_id
    return post_id.replace("%", "%25").replace("#", "%23")


@dataclass(frozen=True)
class Block:
    """A run of post text with one role: [start, end) offsets into ``Post.text``."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Quote:
    """A passage a post quotes from someone else, with its offsets in the post."""

    text: str
    start: int
    end: int


@dataclass
class Post:
    """One comment, or the story / opening post at the root (depth 0)."""

    id: str
    parent: str | None
    author: str | None
    created: datetime | None
    depth: int
    url: str
    status: str = "ok"
    text: str = ""
    blocks: tuple[Block, ...] = ()

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return tuple(
            Quote(self.text[b.start : b.end], b.start, b.end)
            for b in self.blocks
            if b.kind == "quote"
        )

    @property
    def has_claims(self) -> bool:
        """Only visible, ordinary posts are split into claims."""
        return self.status == "ok"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """``"1 comment"``, ``"2 comments"``: skipped items and summaries count
    things, and "1 comments were" reads as a bug."""
    return f"{n} {noun}" if n == 1 else f"{n} {nouns or noun + 's'}"


@dataclass(frozen=True)
class Skipped:
    """Something left out of the thread, and why (never dropped silently)."""

    item: str
    reason: str


@dataclass
class Thread:
    """A whole discussion: the root post first, then every reply in page order."""

    site: str
    id: str
    url: str
    title: str
    posts: list[Post]
    fetched_at: datetime | None = None
    link: str | None = None
    skipped: list[Skipped] = field(default_factory=list)
    # False when some pages or replies could not be fetched; see ``skipped``.
    complete: bool = True

    @property
    def root(self) -> Post:
        return self.posts[0]

    @cached_property
    def posts_by_id(self) -> dict[str, Post]:
        return {post.id: post for post in self.posts}

    def post(self, post_id: str) -> Post:
        return self.posts_by_id[post_id]

    def parent_of(self, post: Post) -> Post | None:
        return self.posts_by_id.get(post.parent) if post.parent else None

    def ancestors(self, post: Post, limit: int) -> list[Post]:
        """Up to ``limit`` posts above ``post``, nearest first."""
        found = []
        current = self.parent_of(post)
        while current is not None and len(found) < limit:
            found.append(current)
            current = self.parent_of(current)
        return found

    def replies(self) -> list[Post]:
        """Every post that answers another post in this thread."""
        return [p for p in self.posts if p.parent is not None]


@dataclass(frozen=True)
class Claim:
    """One argumentative unit of a post: a sentence, list item or quoted passage."""

    post_id: str
    index: int
    text: str
    start: int
    end: int
    claim_type: str = "claim"

    @property
    def id(self) -> str:
        return f"{escape_id(self.post_id)}#{self.index}"


@dataclass(frozen=True)
class Relation:
    """A reply post -> parent post, or reply claim -> the claim it answers.

    ``kind`` says which: ``"post"`` (``source`` and ``target`` are post ids) or
    ``"claim"`` (they are claim ids, ``Claim.id``). It is carried, not guessed from the
    ids, since a post id may itself contain "#".
    """

    source: str
    target: str
    label: str
    confidence: float
    evidence: str
    kind: str = "post"

    def __post_init__(self) -> None:
        if self.kind not in RELATION_KINDS:
            raise ValueError(f"Relation.kind must be 'post' or 'claim', not {self.kind!r}")

    @property
    def is_claim_level(self) -> bool:
        return self.kind == "claim"


def iso_utc(moment: datetime | None) -> str:
    """ISO 8601 in UTC with a Z, or "" when unknown; naive times are taken as UTC."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
