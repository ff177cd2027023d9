"""Train the stance model: ``argmap train stance`` (needs ``pip install argmap[train]``).

Every step from the published data to the shipped artefact is here:

1. read the training data: DEBAGREEMENT ``dev.csv`` (CC BY 4.0; ``test.csv``
   is never read here) and the ``train`` split of argmap's in-domain corpus
   (corpora/gold/stance-indomain.jsonl: ids and labels; texts from the
   captures in ``shared/corpora``);
2. curate, each filter counted in the artefact's ``meta.curation``:
   unescape HTML entities, drop pairs with an empty, ``[deleted]`` or
   ``[removed]`` body, drop exact duplicate pairs, drop pairs whose identical
   texts carry different labels;
3. build the vocabulary (features seen in at least ``MIN_DF`` training pairs)
   and fit a class-balanced multinomial logistic regression (L-BFGS, seeded),
   in-domain pairs weighted ``IN_DOMAIN_WEIGHT``;
4. fit a temperature on the in-domain ``dev`` split so that confidences are
   calibrated;
5. write the artefact (gzipped JSON, byte-for-byte reproducible).

The settings below were chosen on the in-domain ``dev`` split alone
(``argmap train stance --search`` reruns that search). The ``test`` split is
never read here.
"""

from __future__ import annotations

import hashlib
import html
import math
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from argmap.datasets import (
    DEBAGREEMENT_LABELS,
    gold_dir,
    indomain_pairs,
    read_debagreement,
)
from argmap.errors import InputError
from argmap.eval.metrics import macro_f1
from argmap.relate.stance.features import DENSE_NAMES, dense_features, sparse_features
from argmap.relate.stance.model import STANCE_LABELS, LinearStanceModel, Vectorizer

MODEL_NAME = "argmap.stance_linear.v2"
SEED = 20260601
MIN_DF = 2
C = 3.0
DENSE_WEIGHT = 0.3
IN_DOMAIN_WEIGHT = 1.0
TEMPERATURES = tuple(round(0.5 + 0.05 * i, 2) for i in range(51))  # 0.5 .. 3.0
SEARCH_GRID = {"C": (0.3, 1.0, 3.0), "in_domain_weight": (1.0, 2.0, 4.0),
               "dense_weight": (0.3, 1.0)}  # fmt: skip
GOLD_NAME = "stance-indomain.jsonl"  # in argmap.datasets.gold_dir()


def curate(rows: list[tuple[str, str, str]]) -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    """(reply, parent, label) training triples, and how many rows each filter removed."""
    counts: Counter[str] = Counter(read=len(rows))
    triples = []
    for body_child, body_parent, label in rows:
        reply, parent = html.unescape(body_child).strip(), html.unescape(body_parent).strip()
        if not reply or not parent:
            counts["dropped: empty body"] += 1
        elif {reply, parent} & {"[deleted]", "[removed]"}:
            counts["dropped: deleted or removed body"] += 1
        else:
            triples.append((reply, parent, label))
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


def fit(triples, weights=None, *, C: float = C, min_df: int = MIN_DF,
        dense_weight: float = DENSE_WEIGHT):
    """(vectorizer, coef, intercept) of a logistic regression on ``triples``."""
    from sklearn.linear_model import LogisticRegression

    vectorizer = fit_vectorizer(triples, min_df, dense_weight)
    y = np.array([STANCE_LABELS.index(label) for *_, label in triples])
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=SEED)
    clf.fit(design_matrix(vectorizer, triples), y, sample_weight=weights)
    return vectorizer, clf.coef_, clf.intercept_


def training_data(shared: Path, gold_file: Path | None = None):
    """Curated (reply, parent, label) triples, a flag per triple for in-domain,
    the curation counts, and the sources read (with their sha256)."""
    source = shared / "gold" / "debagreement-partial" / "dev.csv"
    gold_file = gold_file or gold_dir() / GOLD_NAME
    for needed in (source, gold_file):
        if not needed.is_file():
            raise InputError(f"training data not found: {needed}")
    debate, debate_counts = curate([(r["body_child"], r["body_parent"], DEBAGREEMENT_LABELS[r["label"]])
                                    for r in read_debagreement(source)])  # fmt: skip
    ours = indomain_pairs(gold_file, shared, ("train",))
    local, local_counts = curate([(p.reply, p.parent, p.label) for p in ours])
    curation = {"debagreement dev.csv": debate_counts, "in-domain train split": local_counts}
    sources = {"debagreement-partial/dev.csv": _sha256(source),
               "corpora/gold/stance-indomain.jsonl (train)": _sha256(gold_file)}
    return debate + local, [False] * len(debate) + [True] * len(local), curation, sources


def dev_data(shared: Path, gold_file: Path | None = None) -> list[tuple[str, str, str]]:
    """The in-domain dev split: for choosing settings and the temperature."""
    gold_file = gold_file or gold_dir() / GOLD_NAME
    return [(p.reply, p.parent, p.label) for p in indomain_pairs(gold_file, shared, ("dev",))]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _weights(in_domain: list[bool], in_domain_weight: float) -> np.ndarray:
    return np.array([in_domain_weight if flag else 1.0 for flag in in_domain])


def dev_logits(vectorizer: Vectorizer, coef, intercept, dev) -> tuple[np.ndarray, np.ndarray]:
    y = np.array([STANCE_LABELS.index(label) for *_, label in dev])
    return design_matrix(vectorizer, dev) @ coef.T + intercept, y


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood (a grid search)."""
    def nll(t: float) -> float:
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-log_p[np.arange(len(y)), y].mean())

    return min(TEMPERATURES, key=nll)


def train_stance(shared: Path, out: Path, gold_file: Path | None = None) -> tuple[LinearStanceModel, dict[str, Any]]:
    """Train on DEBAGREEMENT dev.csv and the in-domain train split; write ``out``."""
    triples, in_domain, curation, sources = training_data(shared, gold_file)
    vectorizer, coef, intercept = fit(triples, _weights(in_domain, IN_DOMAIN_WEIGHT))
    logits, y = dev_logits(vectorizer, coef, intercept, dev_data(shared, gold_file))
    temperature = fit_temperature(logits, y)
    meta = {
        "name": MODEL_NAME,
        "trained_on": "debagreement-partial/dev.csv + in-domain train split",
        "data_sha256": sources,
        "curation": curation,
        "settings": {"C": C, "min_df": MIN_DF, "dense_weight": DENSE_WEIGHT, "seed": SEED,
                     "in_domain_weight": IN_DOMAIN_WEIGHT, "class_weight": "balanced",
                     "features": len(vectorizer.vocabulary) + len(DENSE_NAMES)},
        "dev_macro_f1": round(_macro_f1(logits.argmax(axis=1), y), 4),
    }
    model = LinearStanceModel(vectorizer, coef, intercept, temperature, meta)
    model.save(out)
    return model, meta


def search(shared: Path, gold_file: Path | None = None) -> list[tuple[dict[str, float], float]]:
    """In-domain dev macro-F1 of every setting in SEARCH_GRID, best first."""
    triples, in_domain, _, _ = training_data(shared, gold_file)
    dev = dev_data(shared, gold_file)
    results = []
    for c in SEARCH_GRID["C"]:
        for weight in SEARCH_GRID["in_domain_weight"]:
            for dense in SEARCH_GRID["dense_weight"]:
                model = fit(triples, _weights(in_domain, weight), C=c, dense_weight=dense)
                logits, y = dev_logits(*model, dev)
                settings = {"C": c, "in_domain_weight": weight, "dense_weight": dense}
                results.append((settings, round(_macro_f1(logits.argmax(axis=1), y), 4)))
    return sorted(results, key=lambda r: -r[1])


def _macro_f1(pred: np.ndarray, gold: np.ndarray) -> float:
    return macro_f1(gold.tolist(), pred.tolist(), range(len(STANCE_LABELS)))
