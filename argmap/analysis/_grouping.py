"""Group rows of unit vectors into clusters (average-link agglomerative).

Each group of rows that may share a cluster (one polarity) is clustered
alone: the two clusters with the highest mean cosine between their members
merge, while that mean is at least the threshold. Unlike single-link
clustering it cannot chain a run of pairwise-similar claims into one point
about nothing: every member is close to the cluster as a whole. It keeps an
n-by-n matrix per group, so callers cap n (``MAX_AVERAGE_LINK``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np

# Rows of one key at most: the matrix is n * n float32 (6,000: 144 MB) and
# building it costs n * n * dimensions.
MAX_AVERAGE_LINK = 6000


def most_central(vectors: np.ndarray, members: Sequence[int]) -> int:
    """The member with the highest mean cosine to the others (the medoid);
    the earliest on ties."""
    sub = vectors[list(members)]
    totals = (sub @ sub.T).sum(axis=1)
    return int(members[int(np.argmax(totals))])


def average_link_clusters(
    vectors: np.ndarray,
    threshold: float,
    keys: Sequence[Hashable] | None = None,
    apart: Iterable[tuple[int, int]] = (),
) -> list[list[int]]:
    """Clusters (sorted lists of row indexes) covering every row, merged
    while the mean cosine between two clusters is at least ``threshold``.

    Rows with different ``keys`` never share a cluster, nor do the pairs in
    ``apart`` (a claim and the claim it rebuts make opposite points). Rows
    with no features (all zeros) stay alone. Ties break by row order, so the
    same input always gives the same clusters."""
    keys = [0] * len(vectors) if keys is None else list(keys)
    pairs = list(apart)
    clusters: list[list[int]] = []
    for key in dict.fromkeys(keys):
        rows = [i for i, k in enumerate(keys) if k == key]
        local = {r: n for n, r in enumerate(rows)}
        sub_apart = [
            (local[a], local[b]) for a, b in pairs if a in local and b in local
        ]
        for members in _average_link(vectors[rows], threshold, sub_apart):
            clusters.append([rows[m] for m in members])
    return clusters


def _average_link(
    vectors: np.ndarray, threshold: float, apart: list[tuple[int, int]]
) -> list[list[int]]:
    n = len(vectors)
    vectors = np.asarray(vectors, dtype=np.float32)
    sims = vectors @ vectors.T  # float32: no second n * n copy
    empty = ~np.any(vectors, axis=1)
    sims[empty, :] = -np.inf
    sims[:, empty] = -np.inf
    np.fill_diagonal(sims, -np.inf)
    for a, b in apart:  # never merged, nor anything that holds them
        sims[a, b] = sims[b, a] = -np.inf
    members = {i: [i] for i in range(n)}
    best = sims.argmax(axis=1) if n else np.zeros(0, dtype=int)
    best_sim = sims[np.arange(n), best] if n else np.zeros(0)
    while n > 1:
        i = int(np.argmax(best_sim))
        j = int(best[i])
        if not best_sim[i] >= threshold:
            break
        size_i, size_j = len(members[i]), len(members[j])
        merged = (size_i * sims[i] + size_j * sims[j]) / (size_i + size_j)
        merged[np.isneginf(sims[i]) | np.isneginf(sims[j])] = -np.inf
        sims[i, :] = sims[:, i] = merged
        sims[j, :] = sims[:, j] = -np.inf
        sims[i, i] = -np.inf
        members[i] += members.pop(j)
        best_sim[j] = -np.inf
        stale = np.flatnonzero((best == i) | (best == j))
        for k in [i, *stale.tolist()]:
            best[k] = int(np.argmax(sims[k]))
            best_sim[k] = sims[k, best[k]]
        better = merged > best_sim
        best[better] = i
        best_sim[better] = merged[better]
    return [sorted(m) for _, m in sorted(members.items())]
