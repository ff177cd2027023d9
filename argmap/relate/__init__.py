"""Work out which post and claim answers which, and how.

Two levels: every reply post -> its parent post (the ``stance`` of the
``replies_to`` edge), and each reply claim -> the parent claim it answers.
Both are labelled by one swappable classifier; see :mod:`argmap.relate.base`.
"""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Sequence

from argmap import registry
from argmap.errors import InputError
from argmap.model import Claim, Post, Relation, Skipped, Thread
from argmap.relate import cues as _cues  # noqa: F401  (registers the baseline)
from argmap.relate import minilm as _minilm  # noqa: F401  (registers the transformer)
from argmap.relate import stance as _stance  # noqa: F401  (registers the model)
from argmap.relate.base import Pair, Prediction, RelationClassifier
from argmap.relate.stance.features import MAX_TEXT_CHARS
from argmap.relate.targeting import Idf, Target, choose_targets

__all__ = [
    "DEFAULT_CLASSIFIER", "Pair", "Prediction", "claim_targets", "get_classifier", "relate_thread",
]

DEFAULT_CLASSIFIER = "argmap.stance_linear.v2"
# Quotes are looked for this many posts up the reply chain.
QUOTE_SEARCH_DEPTH = 6


def get_classifier(name: str = DEFAULT_CLASSIFIER, **config: object) -> RelationClassifier:
    """The classifier registered as ``name``, built with ``config``.

    ``config`` goes to the registered factory as keyword arguments (as spaCy
    passes a component's config to its factory), e.g.
    ``get_classifier("argmap.stance_linear.v2", model="my-model.json.gz")``
    for a model you trained, or ``get_classifier("argmap.cue_words.v1",
    min_score=0.7)``. A name the factory does not take is an error naming it.
    """
    build = registry.get(registry.relation_classifiers, name, "relation classifier")
    try:
        signature = inspect.signature(build)
    except (TypeError, ValueError):  # a builtin or C factory: let the call decide
        return build(**config)
    accepts_any = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
    unknown = sorted(set(config) - set(signature.parameters)) if not accepts_any else []
    if unknown:
        takes = ", ".join(signature.parameters) or "no settings"
        raise InputError(f"relation classifier {name} has no setting {', '.join(unknown)} (it takes: {takes})")
    return build(**config)


def relate_thread(
    thread: Thread,
    claims: Sequence[Claim],
    classifier: RelationClassifier | None = None,
) -> list[Relation]:
    """Post-level relations for every reply, then claim-level ones."""
    classifier = classifier or get_classifier()
    targets_of = _Targeting(thread, claims)
    read = _StanceText(thread)
    post_pairs, post_ids = [], []
    claim_pairs, claim_ids = [], []
    unread: list[Relation] = []
    for post in thread.replies():
        parent = thread.parent_of(post)
        if parent is None:
            continue
        if not post.has_claims:
            # Deleted, flagged or collapsed text is not the author's argument.
            reason = f"reply is {post.status}; not classified"
            unread.append(Relation(post.id, parent.id, "neutral", 0.0, reason))
            continue
        post_text, parent_text = read(post.id, post.text), read(parent.id, parent.text)
        post_pairs.append(Pair(post_text, parent_text, "post"))
        post_ids.append((post.id, parent.id))
        for claim, target in targets_of(post, parent):
            claim_text = read(claim.id, claim.text, "claim")
            target_text = read(target.claim.id, target.claim.text, "claim")
            claim_pairs.append(Pair(claim_text, target_text, claim.claim_type, target.how))
            claim_ids.append((claim.id, target.claim.id))

    relations = _label(classifier, post_pairs, post_ids, "post") + unread
    relations += _label(classifier, claim_pairs, claim_ids, "claim")
    return relations


def claim_targets(thread: Thread, claims: Sequence[Claim]) -> list[tuple[Claim, Target]]:
    """Every reply claim with the claim(s) it answers, best first, exactly as
    ``relate_thread`` pairs them, but with no classifier (targets do not
    depend on one): for evaluating and explaining the targeting alone."""
    targets_of = _Targeting(thread, claims)
    pairs: list[tuple[Claim, Target]] = []
    for post in thread.replies():
        parent = thread.parent_of(post)
        if parent is not None and post.has_claims:
            pairs += targets_of(post, parent)
    return pairs


class _Targeting:
    """Which parent claim each claim of a reply answers (argmap.relate.targeting),
    with the thread's claims grouped by post and its idf counted once."""

    def __init__(self, thread: Thread, claims: Sequence[Claim]):
        self.thread = thread
        self.by_post: dict[str, list[Claim]] = defaultdict(list)
        for claim in claims:
            self.by_post[claim.post_id].append(claim)
        # The title names the topic; it is never a claim to answer (see targeting).
        root = thread.root
        self.by_post[root.id] = _without_title(root, self.by_post[root.id])
        self.idf = Idf(claim.text for claim in claims)

    def __call__(self, post: Post, parent: Post) -> list[tuple[Claim, Target]]:
        by_post = self.by_post
        ancestors = [by_post[a.id] for a in self.thread.ancestors(parent, QUOTE_SEARCH_DEPTH - 1)]
        return choose_targets(
            by_post[post.id], by_post[parent.id], ancestors, self.idf, root=parent.parent is None
        )


def _without_title(root: Post, claims: list[Claim]) -> list[Claim]:
    titles = [b for b in root.blocks if b.kind == "title"]
    return [c for c in claims if not any(b.start <= c.start < b.end for b in titles)]


def _label(
    classifier: RelationClassifier, pairs: list[Pair], ids: list[tuple[str, str]], kind: str
) -> list[Relation]:
    predictions = classifier.predict(pairs) if pairs else []
    return [
        Relation(source, target, p.label, float(p.confidence), _evidence(p, pair), kind)
        for (source, target), p, pair in zip(ids, predictions, pairs, strict=True)
    ]


def _evidence(prediction: Prediction, pair: Pair) -> str:
    return f"{prediction.evidence}; {pair.targeting}" if pair.targeting else prediction.evidence


class _StanceText:
    """What a classifier reads of a text: at most MAX_TEXT_CHARS characters.

    A classifier's memory grows with the text it is given (the stance
    features: words and word pairs), so a huge post or claim is judged on its
    start. Each one cut is listed once in ``thread.skipped``, so the summary
    says so.
    """

    def __init__(self, thread: Thread):
        self.thread = thread
        self.cut: set[str] = set()

    def __call__(self, item_id: str, text: str, kind: str = "post") -> str:
        if len(text) <= MAX_TEXT_CHARS:
            return text
        item = f"{kind} {item_id}"
        if item not in self.cut:
            self.cut.add(item)
            self.thread.skipped.append(Skipped(
                item,
                f"its text is {len(text):,} characters; its stance and its "
                f"replies' stances toward it are judged on its first {MAX_TEXT_CHARS:,}",
            ))
        return text[:MAX_TEXT_CHARS]
