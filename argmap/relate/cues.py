"""The cue-phrase baseline: a transparent rule classifier with no model.

Each label has a list of phrases. A phrase near the start of the reply counts
more, because replies state their stance first ("No, ..." / "Agreed, ...").
Some phrases look like one stance but mean the other ("no doubt", "not
wrong"); the longest phrase wins, so they hide the words they contain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from argmap.registry import relation_classifiers
from argmap.relate.base import Pair, Prediction, is_question

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


def _index_phrases() -> dict[str, list[tuple[str, str, float]]]:
    """Phrases by their first word, longest first: (phrase, label, weight)."""
    table = [(phrase, label, weight)
             for label, cues in (("rebuts", REBUT_CUES), ("supports", SUPPORT_CUES), ("questions", QUESTION_CUES))
             for phrase, weight in cues]
    table += [(phrase, "supports", 1.0) for phrase in MASKING_CUES
              if phrase not in {p for p, _, _ in table}]
    index: dict[str, list[tuple[str, str, float]]] = {}
    for phrase, label, weight in sorted(table, key=lambda t: -len(t[0])):
        index.setdefault(_WORD.match(phrase).group(), []).append((phrase, label, weight))  # type: ignore[union-attr]
    return index


_WORD = re.compile(r"[a-z0-9+']+")
_PHRASES = _index_phrases()
LABELS = ("rebuts", "supports", "questions")


def find_cues(text: str) -> list[tuple[int, str, str, float]]:
    """(offset, phrase, label, weight) of every cue, longest match first.

    Looking phrases up by the word they start with is ~50x faster than a
    regular expression of every phrase, and longest-first matching does the
    masking: "not wrong" is found before "wrong" can be.
    """
    low = text.lower().replace("\u2019", "'")
    found, covered_to = [], 0
    for word in _WORD.finditer(low):
        start = word.start()
        if start < covered_to:
            continue
        for phrase, label, weight in _PHRASES.get(word.group(), ()):
            end = start + len(phrase)
            if low.startswith(phrase, start) and not (phrase[-1].isalnum() and end < len(low) and (low[end].isalnum() or low[end] == "_")):
                found.append((start, phrase, label, weight))
                covered_to = end
                break
    return found


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
        if is_question(text, pair.source_type):
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
        scores = {label: 0.0 for label in LABELS}
        strongest: dict[str, tuple[float, str]] = {}
        for start, phrase, label, weight in find_cues(text):
            bonus = _START_BONUS if start < _START_WINDOW else 1.0
            scores[label] += weight * bonus
            if weight * bonus > strongest.get(label, (0.0, ""))[0]:
                strongest[label] = (weight * bonus, phrase)
        return scores, {label: f'cue "{phrase}"' for label, (_, phrase) in strongest.items()}


def cue_scores(text: str) -> dict[str, float]:
    """Weighted cue counts per label, as the baseline sees them."""
    return CueWordClassifier()._score(text.strip())[0]


@relation_classifiers("argmap.cue_words.v1")
def make_cue_word_classifier(min_score: float = 0.6) -> CueWordClassifier:
    """Label reply pairs by stance cue phrases. No model needed."""
    return CueWordClassifier(min_score=min_score)
