"""Group rows of unit vectors into clusters of near-duplicates (star clustering).

Each group of rows that may share a cluster (one stance) is clustered alone:
the row with the most neighbours at or above the threshold becomes a centre
and takes its unassigned neighbours; then the next, until every row is
placed. Unlike single-link clustering it cannot chain a long run of
pairwise-similar claims into one point about nothing: every member is close
to its centre. It needs one similarity matrix per stance, built in blocks of
rows so memory stays ``BLOCK * n`` floats plus the neighbour lists.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import numpy as np

BLOCK = 1024


def neighbours(vectors: np.ndarray, threshold: float) -> list[np.ndarray]:
    """For each row, the other rows whose cosine is at least ``threshold``."""
    found: list[np.ndarray] = []
    for start in range(0, len(vectors), BLOCK):
        sims = vectors[start : start + BLOCK] @ vectors.T
        for offset, row in enumerate(sims):
            close = np.flatnonzero(row >= threshold)
            found.append(close[close != start + offset])
    return found


def star_clusters(
    vectors: np.ndarray,
    threshold: float,
    keys: Sequence[Hashable] | None = None,
    apart: Iterable[tuple[int, int]] = (),
) -> list[list[int]]:
    """Clusters (lists of row indexes, centre first) covering every row.

    Rows with different ``keys`` never share a cluster, nor do the pairs in
    ``apart`` (a claim and the claim it rebuts make opposite points). Rows
    with no features (all zeros) stay alone. The result depends only on the
    input, never on hashing or timing, so reruns give the same clusters.
    """
    keys = [0] * len(vectors) if keys is None else list(keys)
    conflicts: dict[int, set[int]] = {}
    for a, b in apart:
        conflicts.setdefault(a, set()).add(b)
        conflicts.setdefault(b, set()).add(a)
    clusters: list[list[int]] = []
    for key in dict.fromkeys(keys):
        rows = np.asarray([i for i, k in enumerate(keys) if k == key])
        sub = vectors[rows]
        empty = ~np.any(sub, axis=1)
        near = neighbours(sub, threshold)
        near = [
            np.empty(0, dtype=int) if empty[i] else n[~empty[n]]
            for i, n in enumerate(near)
        ]
        # Most neighbours first; ties by position, for a deterministic order.
        order = sorted(range(len(rows)), key=lambda i: (-len(near[i]), i))
        placed = np.zeros(len(rows), dtype=bool)
        for centre in order:
            if placed[centre]:
                continue
            members = [centre]
            placed[centre] = True
            blocked = set(conflicts.get(int(rows[centre]), ()))
            for j in near[centre]:
                if placed[j] or int(rows[j]) in blocked:
                    continue
                members.append(int(j))
                placed[j] = True
                blocked |= conflicts.get(int(rows[j]), set())
            clusters.append([int(rows[m]) for m in members])
    return clusters


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
    """Agglomerative clusters, average linkage, merged while the mean cosine
    between two clusters is at least ``threshold``; same contract as
    ``star_clusters``. Needs an n-by-n matrix per key (``MAX_AVERAGE_LINK``
    rows at most: the caller picks star clustering above it)."""
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


MAX_AVERAGE_LINK = 6000


def _average_link(
    vectors: np.ndarray, threshold: float, apart: list[tuple[int, int]]
) -> list[list[int]]:
    n = len(vectors)
    sims = (vectors @ vectors.T).astype(np.float32)
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
