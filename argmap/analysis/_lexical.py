"""Light sentence vectors for grouping claims: hashed TF-IDF in pure numpy.

The default install has no scikit-learn and no model, so points are found
from words: each text becomes stemmed content words, word pairs and
character 4-grams of its content words (which catch "vaccinate" against
"vaccination" where the crude stemmer does not), hashed with a sign into a
fixed number of columns (feature hashing: inner products stay unbiased and
no vocabulary is stored), weighted by sublinear TF times IDF over the texts
being compared, and L2-normalised, so a dot product is a cosine.

``zlib.crc32`` hashes the features: Python's ``hash`` of a string changes
from run to run, and the same thread must give the same points every time.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

import numpy as np

DIMENSIONS = 4096
# How much each family of features weighs in the vector, set by hand (not
# searched): words decide, character grams break ties between word forms the
# stemmer leaves apart. Only the thresholds were tuned (ArgKP train/dev).
WEIGHTS = {"w": 1.0, "b": 0.5, "c": 0.5}
CHAR_GRAM = 4

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because
    been before being below between both but by can could did do does doing down
    during each few for from further had has have having he her here hers herself
    him himself his how i if in into is it its itself just let me more most my
    myself of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves
    i'm it's that's there's they're we're you're he's she's what's let's i've
    we've you've they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll
    we'll they'll one get got really thing things think lot much many even still
    well way make made
    yeah yes yep sure agree agreed like actually pretty kind sort maybe probably
    guess feel say said know mean point right true good great lol thanks thank
    understand see believe seem seems hope""".split()
)
# Negation words flip what a claim says; they are kept as words (not stop
# words) and decide the polarity that keeps "X is good" apart from "X is not good".
NEGATIONS = frozenset(
    "not no never nothing nobody none neither nor cannot can't don't doesn't didn't "
    "isn't aren't wasn't weren't won't wouldn't shouldn't couldn't hasn't haven't "
    "hadn't mustn't without".split()
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ness", "ments", "ment",
             "ers", "er", "ed", "es", "ly", "s")  # fmt: skip


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def stem(word: str) -> str:
    """A crude suffix stripper: enough to join plural and verb forms."""
    if word in NEGATIONS or len(word) <= 4 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            return word[:-1] + "y" if suffix in ("ies", "ied") else word
    return word


def is_negative(text: str) -> bool:
    """True when the text holds an odd number of negations."""
    return sum(1 for w in words(text) if w in NEGATIONS) % 2 == 1


def features(text: str) -> list[tuple[str, str]]:
    """(family, feature) pairs of one text: stemmed content words, adjacent
    content-word pairs and character 4-grams of the content words."""
    content = [stem(w) for w in words(text) if w not in STOP_WORDS]
    found = [("w", w) for w in content]
    found += [("b", f"{a} {b}") for a, b in pairwise(content)]
    for w in content:
        padded = f" {w} "
        found += [
            ("c", padded[i : i + CHAR_GRAM]) for i in range(len(padded) - CHAR_GRAM + 1)
        ]
    return found


def vectorize(texts: Sequence[str], dimensions: int = DIMENSIONS) -> np.ndarray:
    """One L2-normalised row per text (float32); a row of zeros for a text
    with no content words. IDF is computed over ``texts`` themselves."""
    rows: list[int] = []
    hashes: list[int] = []
    values: list[float] = []  # family weight * sublinear TF
    seen: dict[tuple[str, str], int] = {}  # a feature's hash, once per call
    for i, text in enumerate(texts):
        for key, count in Counter(features(text)).items():
            h = seen.get(key)
            if h is None:
                h = seen[key] = zlib.crc32(f"{key[0]}:{key[1]}".encode())
            rows.append(i)
            hashes.append(h)
            values.append(WEIGHTS[key[0]] * (1.0 + math.log(count)))
    if not rows:
        return np.zeros((len(texts), dimensions), dtype=np.float32)
    h = np.asarray(hashes, dtype=np.int64)
    r, c = np.asarray(rows), h % dimensions
    sign = np.where((h >> 31) & 1, 1.0, -1.0)
    df = np.bincount(c, minlength=dimensions)
    idf = np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0
    weights = sign * np.asarray(values) * idf[c]
    # Summed per cell (two features of a text may share a column); through
    # np.unique, so no float64 matrix of the whole size is made.
    cells, where = np.unique(r * dimensions + c, return_inverse=True)
    matrix = np.zeros((len(texts), dimensions), dtype=np.float32)
    matrix.flat[cells] = np.bincount(where, weights)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)
