"""The story every Hacker News item belongs to, found with Dask joins.

A Firebase item names only its ``parent``; the thread id is the root at the
top of the parent chain. Following the chain one join per level would take
as many shuffles as the deepest thread is deep (hundreds). Pointer jumping
takes logarithmically many: each item starts pointing at its parent (a story
at itself), and every round replaces the pointer with the pointer's pointer,
so after round k an item points 2**k levels up, or at its root. The rounds
stop when no pointer moves: ``ceil(log2(depth)) + 1`` rounds, 9 for a chain
of 256 comments.

Cost: each round is one hash join of the ``(id, up)`` table with itself, a
full shuffle of 16 bytes a row (about 640 MB for 40 million items) plus the
frame overhead, and one count brought back to the client. The item text is
not carried through the rounds; it is joined to the result once.

An item whose chain reaches an id that is not in the dump stops there: it
points at the missing ancestor, and the staging step reports that thread as
"story not in the dump" instead of mapping a thread without its root.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import dask.dataframe as dd

#: Enough for a chain of 2**40 items; a loop in the parent links (which a
#: real dump does not have) stops here instead of running for ever.
MAX_ROUNDS = 40


def resolve_roots(items: dd.DataFrame) -> tuple[dd.DataFrame, int]:
    """``(id, up)`` for every item, ``up`` its root; and the rounds it took.

    ``items`` has ``id`` and ``parent`` (-1 for an item with no parent).
    """
    links = items[["id", "parent"]]
    up = links["parent"].where(links["parent"] >= 0, links["id"])
    links = links.assign(up=up)[["id", "up"]].persist()
    for rounds in range(1, MAX_ROUNDS + 1):
        hop = links.rename(columns={"id": "up", "up": "up2"})
        joined = links.merge(hop, on="up", how="left")
        # No match: ``up`` is a root (it points at itself, so it matches) or
        # an ancestor missing from the dump; either way the pointer stays.
        up2 = joined["up2"].fillna(joined["up"]).astype("int64")
        joined = joined.assign(up2=up2).persist()
        moved = int((joined["up2"] != joined["up"]).sum().compute())
        links = joined[["id", "up2"]].rename(columns={"up2": "up"}).persist()
        if moved == 0:
            return links, rounds
    raise ValueError(
        f"the parent links of the dump did not reach a story in {MAX_ROUNDS} "
        "rounds: some items' parents form a loop"
    )
