"""The relation classifier interface: pairs in, labelled predictions out.

A classifier is a named, versioned object (``"argmap.cue_words.v1"``) built
by a function in :mod:`argmap.registry`. The pipeline only calls ``predict``,
so a trained model replaces the cue baseline without touching other stages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

# Below this calibrated confidence a label is more likely wrong than right:
# every output marks such an edge (``low_confidence`` in the graph, dotted on
# the HTML map).
LOW_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Pair:
    """A reply (post or claim) and the thing it answers."""

    text: str
    target_text: str
    # "post" for reply post -> parent post; else the reply claim's claim_type.
    source_type: str = "post"
    # How the target was chosen, for the evidence, e.g. "quotes parent sentence 2".
    targeting: str = ""


@dataclass(frozen=True)
class Prediction:
    label: str  # rebuts | supports | questions | neutral
    confidence: float  # in [0, 1]
    evidence: str  # why, in words a reader understands


@runtime_checkable
class RelationClassifier(Protocol):
    name: str

    def predict(self, pairs: Sequence[Pair]) -> list[Prediction]:
        """One prediction per pair, in order."""
        ...


def is_question(text: str, source_type: str = "post") -> bool:
    """A reply whose main act is asking: a question claim, or a post led by one."""
    if source_type == "question":
        return True
    if source_type not in ("post", "claim"):
        return False
    text = text.strip()
    first_line = text.split("\n", 1)[0].strip()
    return first_line.endswith("?") or (len(text) < 200 and text.endswith("?"))
