"""Split every post of a thread into claims with spaCy.

The default pipeline needs no model download: ``spacy.blank("en")``, the rule
sentencizer, and argmap's own components for forum text. A trained pipeline
(``--spacy-model en_core_web_sm``) can provide the sentence boundaries instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from argmap.errors import ModelNotInstalledError
from argmap.model import Claim, Post, Skipped, Thread
from argmap.segment.components import BLOCKS_KEY, SPANS_KEY
from argmap.segment.tokenize import make_doc
from argmap.text.blocks import blocks_from_text

__all__ = ["BLOCKS_KEY", "SPANS_KEY", "load_pipeline", "segment_posts", "segment_thread"]

ProgressCallback = Callable[[str, int, "int | None"], None]
BATCH_SIZE = 128
_SURROGATE = re.compile("[\ud800-\udfff]")


def load_pipeline(model: str | None = None) -> Language:
    """The default blank pipeline, or the installed trained pipeline ``model``."""
    if model is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    else:
        nlp = _load_trained(model)
    nlp.add_pipe("argmap_boundaries")
    nlp.add_pipe("argmap_claims")
    return nlp


def _load_trained(model: str) -> Language:
    try:
        nlp = spacy.load(model, exclude=["ner", "lemmatizer", "attribute_ruler"])
    except OSError:
        raise ModelNotInstalledError(
            f"The spaCy pipeline {model!r} is not installed. Install it with "
            f"`python -m spacy download {model}` (or pip install its package), "
            "or leave out --spacy-model to use argmap's built-in rules."
        ) from None
    # The statistical senter is ~15x faster than the parser and splits as well.
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
        if "parser" in nlp.pipe_names:
            nlp.disable_pipe("parser")
    if not nlp.has_pipe("senter") and not nlp.has_pipe("parser"):
        nlp.add_pipe("sentencizer")
    return nlp


def segment_thread(
    thread: Thread,
    nlp: Language | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> list[Claim]:
    """Claims of every post that has any, in thread order.

    A post longer than ``nlp.max_length`` (spaCy's limit: a million characters
    by default) is kept but not split, and listed in ``thread.skipped``.
    """
    nlp = nlp or load_pipeline()
    for post in thread.posts:
        if post.has_claims and len(post.text) > nlp.max_length:
            entry = Skipped(
                f"post {post.id}",
                f"its text is {len(post.text):,} characters, more than the "
                f"{nlp.max_length:,} spaCy reads at once; it is kept, but not "
                "split into claims",
            )
            if entry not in thread.skipped:
                thread.skipped.append(entry)
    return list(segment_posts(thread.posts, nlp, progress=progress))


def segment_posts(
    posts: Iterable[Post],
    nlp: Language,
    *,
    progress: ProgressCallback | None = None,
) -> Iterator[Claim]:
    # Longer texts make spaCy raise; segment_thread lists such posts as skipped.
    posts = [
        p
        for p in posts
        if p.has_claims and p.text.strip() and len(p.text) <= nlp.max_length
    ]
    # One Doc per post: spans and offsets stay local to the post they came from.
    docs = (_make_doc(nlp, post) for post in posts)
    for done, (post, doc) in enumerate(zip(posts, nlp.pipe(docs, batch_size=BATCH_SIZE)), 1):
        for index, span in enumerate(doc.spans[SPANS_KEY]):
            yield Claim(
                post_id=post.id,
                index=index,
                text=_clean(span.text, span.label_),
                start=span.start_char,
                end=span.end_char,
                claim_type=span.label_,
            )
        if progress is not None:
            progress("segment", done, len(posts))


def _make_doc(nlp: Language, post: Post) -> Doc:
    # spaCy cannot encode a lone surrogate (UnicodeEncodeError); U+FFFD has the
    # same length, so claim offsets still point into the post's own text.
    doc = make_doc(nlp, _SURROGATE.sub("\ufffd", post.text))
    doc.user_data[BLOCKS_KEY] = post.blocks or blocks_from_text(post.text)
    return doc


def _clean(text: str, label: str) -> str:
    lines = text.split("\n")
    if label == "quote":
        # A re-wrapped quote keeps its "> " markers inside; they are not words.
        lines = [line.lstrip().removeprefix(">").strip() for line in lines]
    return " ".join(" ".join(lines).split())
