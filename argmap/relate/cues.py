"""The cue-phrase baseline: a transparent rule classifier with no model.

Each label has a list of phrases. A phrase near the start of the reply counts
more, because replies state their stance first ("No, ..." / "Agreed, ...").
Some phrases look like one stance but mean the other ("no doubt", "not
wrong"); they are matched first and mask the words they contain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from argmap.registry import relation_classifiers
from argmap.relate.base import Pair, Prediction

# (phrase, weight). Matched case-insensitively on word boundaries.
REBUT_CUES = [
    ("i don't think", 1.0), ("i do not think", 1.0), ("i disagree", 1.5),
    ("disagree", 1.0), ("not true", 1.2), ("that's wrong", 1.5), ("that is wrong", 1.5),
    ("you're wrong", 1.5), ("you are wrong", 1.5), ("incorrect", 1.0), ("not really", 0.8),
    ("on the contrary", 1.2), ("that's not", 0.8), ("that is not", 0.8), ("nonsense", 1.0),
    ("misleading", 0.8), ("no,", 1.0), ("nope", 1.0), ("actually,", 0.6), ("but", 0.4),
    ("however", 0.5), ("citation needed", 1.0), ("not the case", 1.0), ("wrong", 0.7),
    ("myth", 0.6), ("doesn't follow", 1.0), ("strawman", 1.0), ("false", 0.6),
    ("i doubt", 0.8), ("not sure that", 0.6), ("except", 0.4), ("disingenuous", 0.8),
]
SUPPORT_CUES = [
    ("i agree", 1.5), ("agreed", 1.2), ("exactly", 1.0), ("this is true", 1.0),
    ("so true", 1.0), ("good point", 1.2), ("great point", 1.2), ("well said", 1.2),
    ("indeed", 0.7), ("+1", 1.0), ("same here", 1.0), ("absolutely", 0.8),
    ("that's right", 1.0), ("you're right", 1.2), ("you are right", 1.2), ("yes,", 0.8),
    ("to add", 0.6), ("in addition", 0.5), ("also", 0.3), ("came here to say", 1.2),
    ("this.", 0.8), ("couldn't agree more", 2.0), ("no doubt", 1.0), ("not wrong", 1.0),
    ("definitely", 0.5), ("true,", 0.6), ("+100", 1.0),
]
QUESTION_CUES = [
    ("what do you mean", 1.2), ("how so", 1.2), ("source?", 1.2), ("why would", 0.8),
    ("can you explain", 1.0), ("do you have", 0.6), ("care to elaborate", 1.2),
    ("is there", 0.4), ("what about", 0.6),
]
# Phrases that contain another label's cue but mean something else.
MASKING_CUES = ["no doubt", "not wrong", "couldn't agree more", "no question"]

_START_WINDOW = 60  # characters: cues this early carry the reply's stance
_START_BONUS = 1.5


def _compile(cues: list[tuple[str, float]]) -> list[tuple[str, re.Pattern[str], float]]:
    out = []
    for phrase, weight in cues:
        left = r"(?<![\w+])" if phrase[0].isalnum() or phrase[0] == "+" else ""
        right = r"(?!\w)" if phrase[-1].isalnum() else ""
        out.append((phrase, re.compile(left + re.escape(phrase) + right, re.I), weight))
    return out


_CUES = {
    "rebuts": _compile(REBUT_CUES),
    "supports": _compile(SUPPORT_CUES),
    "questions": _compile(QUESTION_CUES),
}
_MASK = re.compile("|".join(re.escape(p) for p in MASKING_CUES), re.I)


class CueWordClassifier:
    """Label a reply by the stance phrases it contains."""

    name = "argmap.cue_words.v1"

    def __init__(self, min_score: float = 0.6):
        self.min_score = min_score

    def predict(self, pairs: Sequence[Pair]) -> list[Prediction]:
        return [self.predict_one(pair) for pair in pairs]

    def predict_one(self, pair: Pair) -> Prediction:
        text = pair.text.strip()
        scores, found = self._score(text)
        if _is_question(text, pair.source_type):
            scores["questions"] += 1.2
            found.setdefault("questions", "ends with \"?\"")
        label = max(scores, key=lambda k: scores[k])
        best = scores[label]
        if best < self.min_score:
            return Prediction("neutral", 0.5, "no stance cue found")
        runner_up = max(v for k, v in scores.items() if k != label)
        margin = best - runner_up
        confidence = round(min(0.9, 0.5 + 0.1 * best + 0.1 * margin), 3)
        return Prediction(label, confidence, found[label])

    def _score(self, text: str) -> tuple[dict[str, float], dict[str, str]]:
        scores = {label: 0.0 for label in _CUES}
        found: dict[str, str] = {}
        masked_spans = [m.span() for m in _MASK.finditer(text)]
        for label, cues in _CUES.items():
            for phrase, pattern, weight in cues:
                for match in pattern.finditer(text):
                    if _masked(match.span(), masked_spans) and phrase not in MASKING_CUES:
                        continue
                    bonus = _START_BONUS if match.start() < _START_WINDOW else 1.0
                    scores[label] += weight * bonus
                    found.setdefault(label, f'cue "{phrase}"')
        return scores, found


def _masked(span: tuple[int, int], masks: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in masks)


def _is_question(text: str, source_type: str) -> bool:
    if source_type == "question":
        return True
    first_line = text.split("\n", 1)[0].strip()
    return first_line.endswith("?") or (len(text) < 200 and text.rstrip().endswith("?"))


@relation_classifiers("argmap.cue_words.v1")
def make_cue_word_classifier(min_score: float = 0.6) -> CueWordClassifier:
    """Label reply pairs by stance cue phrases. No model needed."""
    return CueWordClassifier(min_score=min_score)
