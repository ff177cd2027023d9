"""Train the stance model: ``argmap train stance`` (needs ``pip install argmap[train]``).

Every step from the published data to the shipped artefact is here:

1. read DEBAGREEMENT ``dev.csv`` (CC BY 4.0; ``test.csv`` is never read here);
2. curate, each filter counted in the artefact's ``meta.curation``:
   unescape HTML entities, drop pairs with an empty, ``[deleted]`` or
   ``[removed]`` body, drop exact duplicate pairs, drop pairs whose identical
   texts carry different labels;
3. build the vocabulary (features seen in at least ``MIN_DF`` training pairs)
   and fit a class-balanced multinomial logistic regression (L-BFGS, seeded);
4. fit a temperature on out-of-fold probabilities (5-fold CV on the training
   pairs) so that confidences are calibrated;
5. write the artefact (gzipped JSON, byte-for-byte reproducible).

The settings below were chosen by 5-fold cross-validation on dev.csv alone
(``argmap train stance --search`` reruns that search).
"""

from __future__ import annotations

import hashlib
import html
import math
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from argmap.datasets import DEBAGREEMENT_LABELS, read_debagreement
from argmap.errors import InputError
from argmap.eval.metrics import macro_f1
from argmap.relate.stance.features import DENSE_NAMES, dense_features, sparse_features
from argmap.relate.stance.model import STANCE_LABELS, LinearStanceModel, Vectorizer

SEED = 20260601
MIN_DF = 2
C = 1.0
DENSE_WEIGHT = 0.3
FOLDS = 5
TEMPERATURES = tuple(round(0.5 + 0.05 * i, 2) for i in range(51))  # 0.5 .. 3.0
SEARCH_GRID = {"C": (0.5, 1.0, 2.0), "min_df": (1, 2), "dense_weight": (0.3, 1.0)}


def curate(rows: list[dict[str, str]]) -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    """(reply, parent, label) training triples, and how many rows each filter removed."""
    counts: Counter[str] = Counter(read=len(rows))
    triples = []
    for row in rows:
        reply, parent = html.unescape(row["body_child"]).strip(), html.unescape(row["body_parent"]).strip()
        if not reply or not parent:
            counts["dropped: empty body"] += 1
        elif {reply, parent} & {"[deleted]", "[removed]"}:
            counts["dropped: deleted or removed body"] += 1
        else:
            triples.append((reply, parent, DEBAGREEMENT_LABELS[row["label"]]))
    labels_of: dict[tuple[str, str], set[str]] = {}
    for reply, parent, label in triples:
        labels_of.setdefault((reply, parent), set()).add(label)
    seen: set[tuple[str, str]] = set()
    kept = []
    for reply, parent, label in triples:
        key = (reply, parent)
        if len(labels_of[key]) > 1:
            counts["dropped: same texts, conflicting labels"] += 1
        elif key in seen:
            counts["dropped: duplicate pair"] += 1
        else:
            seen.add(key)
            kept.append((reply, parent, label))
    counts["kept"] = len(kept)
    return kept, dict(counts)


def fit_vectorizer(triples, min_df: int, dense_weight: float) -> Vectorizer:
    df: Counter[str] = Counter()
    for reply, parent, _ in triples:
        df.update(set(sparse_features(reply, parent)))
    names = sorted(f for f, n in df.items() if n >= min_df)
    n = len(triples)
    idf = np.array([math.log((1 + n) / (1 + df[f])) + 1.0 for f in names])
    dense = np.array([dense_features(r, p) for r, p, _ in triples])
    scale = dense.std(axis=0)
    scale[scale == 0] = 1.0
    return Vectorizer({f: i for i, f in enumerate(names)}, idf, dense.mean(axis=0), scale, dense_weight)


def design_matrix(vectorizer: Vectorizer, triples):
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for i, (reply, parent, _) in enumerate(triples):
        indices, values = vectorizer.transform(reply, parent)
        rows += [i] * len(indices)
        cols += indices.tolist()
        vals += values.tolist()
    return csr_matrix((vals, (rows, cols)), shape=(len(triples), vectorizer.size))


def fit(triples, *, C: float = C, min_df: int = MIN_DF, dense_weight: float = DENSE_WEIGHT):
    """(vectorizer, coef, intercept) of a logistic regression on ``triples``."""
    from sklearn.linear_model import LogisticRegression

    vectorizer = fit_vectorizer(triples, min_df, dense_weight)
    y = np.array([STANCE_LABELS.index(label) for *_, label in triples])
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=SEED)
    clf.fit(design_matrix(vectorizer, triples), y)
    return vectorizer, clf.coef_, clf.intercept_


def out_of_fold_logits(triples, **settings) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.model_selection import StratifiedKFold

    y = np.array([STANCE_LABELS.index(label) for *_, label in triples])
    logits = np.zeros((len(triples), len(STANCE_LABELS)))
    for train_idx, test_idx in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(y, y):
        vectorizer, coef, intercept = fit([triples[i] for i in train_idx], **settings)
        X = design_matrix(vectorizer, [triples[i] for i in test_idx])
        logits[test_idx] = X @ coef.T + intercept
    return logits, y


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood (a grid search)."""
    def nll(t: float) -> float:
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-log_p[np.arange(len(y)), y].mean())

    return min(TEMPERATURES, key=nll)


def train_stance(shared: Path, out: Path) -> tuple[LinearStanceModel, dict[str, Any]]:
    """Train on ``shared/gold/debagreement-partial/dev.csv`` and write ``out``."""
    source = shared / "gold" / "debagreement-partial" / "dev.csv"
    if not source.is_file():
        raise InputError(f"training data not found: {source}")
    triples, curation = curate(read_debagreement(source))
    oof_logits, y = out_of_fold_logits(triples)
    temperature = fit_temperature(oof_logits, y)
    vectorizer, coef, intercept = fit(triples)
    meta = {
        "name": "argmap.stance_linear.v1",
        "trained_on": "debagreement-partial/dev.csv",
        "data_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "curation": curation,
        "settings": {"C": C, "min_df": MIN_DF, "dense_weight": DENSE_WEIGHT, "seed": SEED,
                     "class_weight": "balanced", "features": len(vectorizer.vocabulary) + len(DENSE_NAMES)},
        "cv_macro_f1": round(_macro_f1(oof_logits.argmax(axis=1), y), 4),
    }
    model = LinearStanceModel(vectorizer, coef, intercept, temperature, meta)
    model.save(out)
    return model, meta


def search(shared: Path) -> list[tuple[dict[str, float], float]]:
    """Cross-validated macro-F1 of every setting in SEARCH_GRID, best first."""
    triples, _ = curate(read_debagreement(shared / "gold" / "debagreement-partial" / "dev.csv"))
    results = []
    for c in SEARCH_GRID["C"]:
        for min_df in SEARCH_GRID["min_df"]:
            for weight in SEARCH_GRID["dense_weight"]:
                settings = {"C": c, "min_df": min_df, "dense_weight": weight}
                logits, y = out_of_fold_logits(triples, **settings)
                results.append((settings, round(_macro_f1(logits.argmax(axis=1), y), 4)))
    return sorted(results, key=lambda r: -r[1])


def _macro_f1(pred: np.ndarray, gold: np.ndarray) -> float:
    return macro_f1(gold.tolist(), pred.tolist(), range(len(STANCE_LABELS)))
