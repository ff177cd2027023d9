"""Readers for the labelled data argmap trains and evaluates on.

The data are not shipped: they live in a ``shared/gold`` folder (next to a
source checkout, or wherever ``--data`` / ``$ARGMAP_SHARED`` points), each
dataset with a README giving its licence. Only these readers are code here.
Author columns are never read.
"""

from __future__ import annotations

import csv
import json
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argmap.errors import InputError

DEBAGREEMENT_LABELS = {"0": "rebuts", "1": "neutral", "2": "supports"}
DEV_SET_LABELS = {"disagree": "rebuts", "neutral": "neutral", "agree": "supports"}


@dataclass(frozen=True)
class LabelledPair:
    reply: str
    parent: str
    label: str  # rebuts | neutral | supports (or support/attack tasks: rebuts | supports)
    group: str = ""  # subreddit, site or text id: for per-group figures
    question: bool = False


def gold_dir() -> Path:
    """argmap's own labelled data (ids and labels, corpora/gold/): the
    checkout's folder, or the copy the wheel carries (pyproject's
    force-include), so ``argmap eval`` and ``argmap train`` score and train
    on the same labels from an installed package as from a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "corpora" / "gold", here / "_bundled" / "gold"):
        if (candidate / "stance-indomain.jsonl").is_file():
            return candidate
    raise InputError(
        "argmap's labelled data (corpora/gold) is missing from this install; "
        "reinstall argmap or run from a checkout of the repository"
    )


def shared_dir(explicit: str | Path | None = None) -> Path:
    """The shared data folder: ``explicit``, ``$ARGMAP_SHARED``, or ../shared.

    A folder the user names (``--data`` or the variable) must hold gold/: it
    is an error, not a cue to fall back on another folder, so a typo never
    scores or trains on data the user did not ask for.
    """
    given = [(explicit, "--data "), (os.environ.get("ARGMAP_SHARED"), "ARGMAP_SHARED=")]
    for candidate, name in given:
        if candidate:
            return _usable(Path(candidate), f"{name}{candidate}")
    for candidate in (
        Path(__file__).resolve().parents[2] / "shared",
        Path.cwd().parent / "shared",
    ):
        if (candidate / "gold").is_dir():
            return candidate
    raise InputError(
        "cannot find the shared data folder (with gold/ and corpora/); "
        "pass --data DIR or set ARGMAP_SHARED"
    )


def _usable(folder: Path, given: str) -> Path:
    if not folder.is_dir():
        what = "a file, not a folder" if folder.exists() else "no such folder"
        raise InputError(f"{given}: {what}")
    if not (folder / "gold").is_dir():
        raise InputError(
            f"{given}: not the shared data folder, which holds gold/ and corpora/ "
            "(this one has no gold/)"
        )
    return folder


def read_debagreement(path: Path) -> list[dict[str, str]]:
    """Raw DEBAGREEMENT rows: label, bodies, subreddit, ids (no author columns)."""
    keep = ("label", "msg_id_parent", "msg_id_child", "body_parent", "body_child",
            "subreddit", "agreement_fraction")
    with open(path, encoding="utf-8", newline="") as handle:
        return [{k: row[k] for k in keep} for row in csv.DictReader(handle)]


def debagreement_pairs(rows: list[dict[str, str]]) -> list[LabelledPair]:
    return [
        LabelledPair(r["body_child"], r["body_parent"], DEBAGREEMENT_LABELS[r["label"]], r["subreddit"])
        for r in rows
    ]


def microtext_pairs(root: Path) -> list[LabelledPair]:
    """Support/attack edges between argumentative units of the microtexts.

    support = sup + exa; attack = reb + und. An undercut attacks an edge; its
    target text is the unit that edge starts from (the inference it attacks).
    Linked-premise ("add") edges join a group and carry no relation of their own.
    """
    pairs = []
    for xml in sorted(root.rglob("*.xml")):
        if xml.parent.name == "de":
            continue  # part1 in German: the same graphs as en/
        graph = ET.parse(xml).getroot()
        edu_text = {e.get("id"): (e.text or "").strip() for e in graph.findall("edu")}
        edges = {e.get("id"): (e.get("src"), e.get("trg"), e.get("type")) for e in graph.findall("edge")}
        adu_text: dict[str, list[str]] = {}
        for src, trg, kind in edges.values():
            if kind == "seg":
                adu_text.setdefault(trg, []).append(edu_text[src])
        for src, trg, kind in edges.values():
            label = {"sup": "supports", "exa": "supports", "reb": "rebuts", "und": "rebuts"}.get(kind)
            if label is None:
                continue
            if kind == "und":
                trg = edges[trg][0]
            if src in adu_text and trg in adu_text:
                pairs.append(LabelledPair(" ".join(adu_text[src]), " ".join(adu_text[trg]),
                                          label, graph.get("id", xml.stem)))
    return pairs


def ibm_claim_sentences(path: Path) -> list[tuple[str, bool, str]]:
    """(sentence, is_claim, topic) rows of an IBM claim-sentences TSV split."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r[2], r[1] == "1", r[3]) for r in rows if len(r) >= 4]


def read_jsonl(path: Path) -> list[Any]:
    """One JSON value per non-blank line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def dev_set_pairs(gold_file: Path, shared: Path) -> list[LabelledPair]:
    """argmap's own HN/Reddit stance dev set: ids in the repo, texts from the captures."""
    from argmap.sources.files import read_thread_file

    rows = read_jsonl(gold_file)
    threads = {}
    pairs = []
    for row in rows:
        capture = capture_path(shared, row["site"], row["capture"])
        if capture not in threads:
            threads[capture] = read_thread_file(capture)
        thread = threads[capture]
        child, parent = thread.post(row["child"]), thread.post(row["parent"])
        pairs.append(LabelledPair(child.text, parent.text, DEV_SET_LABELS[row["label"]],
                                  row["site"], bool(row.get("question"))))
    return pairs


# The story ``content`` of this hnpwa capture was replaced by an unrelated
# comment in its source repository (shared/corpora/MANIFEST.md): the story is
# read as its title alone, as the annotators saw it.
TITLE_ONLY_ROOTS = {"25015967"}


def read_indomain(gold_file: Path) -> list[dict[str, Any]]:
    """Rows of corpora/gold/stance-indomain.jsonl (ids, splits and labels)."""
    return read_jsonl(gold_file)


def indomain_pairs(
    gold_file: Path, shared: Path, splits: tuple[str, ...] = ("train", "dev", "test")
) -> list[LabelledPair]:
    """The in-domain stance pairs of the given splits; texts from the captures.

    Texts are exactly what the map classifies: ``Post.text`` of reply and
    parent as argmap's sources read them.
    """
    from argmap.sources.files import read_thread_file

    threads: dict[str, Any] = {}
    pairs = []
    for row in read_indomain(gold_file):
        if row["split"] not in splits:
            continue
        if row["capture"] not in threads:
            threads[row["capture"]] = read_thread_file(shared / "corpora" / row["capture"])
        thread = threads[row["capture"]]
        child, parent = thread.post(row["child"]), thread.post(row["parent"])
        parent_text = parent.text
        if parent.parent is None and thread.id in TITLE_ONLY_ROOTS:
            parent_text = thread.title
        pairs.append(LabelledPair(child.text, parent_text, DEV_SET_LABELS[row["label"]],
                                  row["site"], bool(row.get("question"))))  # fmt: skip
    return pairs


def capture_path(shared: Path, site: str, capture: str) -> Path:
    folder = {"hackernews": "hn-html", "reddit": "reddit"}[site]
    return shared / "corpora" / folder / capture
