"""The in-domain stance corpus and the claim-target set in corpora/gold.

They hold ids, offsets and labels only (never comment text). These tests
check that the committed files are what the selection scripts choose, that
every split is a set of whole threads, that the kept-out threads never
appear, and that every pair where the annotators differ was adjudicated.
Skipped when ../shared is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict

import pytest

from argmap.eval.metrics import cohen_kappa
from tests.helpers import REPO, shared_path

GOLD = REPO / "corpora" / "gold"
HELD_OUT = {"39232976", "20865492", "5864", "n49rw"}
LABELS = {"agree", "disagree", "neutral"}


def rows(name):
    path = GOLD / name
    if not path.is_file():
        pytest.skip(f"{path} not written yet")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.mark.slow  # runs the selection script over every capture
def test_the_corpus_is_what_the_selection_script_chooses():
    shared = shared_path()
    chosen = subprocess.run(
        [sys.executable, str(GOLD / "select_indomain.py")], capture_output=True, text=True,
        check=True, env={"ARGMAP_SHARED": str(shared), "PATH": ""},
    ).stdout.splitlines()  # fmt: skip
    keys = ("site", "thread", "capture", "split", "child", "parent")
    assert [{k: r[k] for k in keys} for r in rows("stance-indomain.jsonl")] == [
        json.loads(line) for line in chosen
    ]


def test_splits_are_whole_threads_and_kept_out_threads_never_appear():
    corpus = rows("stance-indomain.jsonl")
    splits_of = defaultdict(set)
    for row in corpus:
        splits_of[row["thread"]].add(row["split"])
    assert all(len(s) == 1 for s in splits_of.values())
    assert not HELD_OUT & set(splits_of)
    test = [r for r in corpus if r["split"] == "test"]
    assert len(test) >= 600
    assert len({r["thread"] for r in test}) >= 3 and len({r["site"] for r in test}) >= 2
    assert len(corpus) >= 3000


def test_two_annotators_per_pair_and_every_difference_adjudicated():
    for row in rows("stance-indomain.jsonl"):
        a, b = (row["annotators"][name] for name in ("annA", "annB"))
        assert {a["label"], b["label"], row["label"]} <= LABELS
        differ = (a["label"], a["question"]) != (b["label"], b["question"])
        assert differ == ("adjudication" in row)
        if differ:
            assert row["adjudication"]["reason"].strip()
            assert row["label"] == row["adjudication"]["label"]
        else:
            assert (row["label"], row["question"]) == (a["label"], a["question"])
        assert "text" not in row and "why" not in a and "why" not in b


def test_agreement_is_substantial():
    corpus = rows("stance-indomain.jsonl")
    kappa = cohen_kappa([r["annotators"]["annA"]["label"] for r in corpus],
                        [r["annotators"]["annB"]["label"] for r in corpus])  # fmt: skip
    assert kappa > 0.6


def test_claim_target_offsets_still_fit_the_segmenter():
    from argmap.segment import load_pipeline, segment_thread
    from argmap.sources.files import read_thread_file

    targets = rows("claim-targets.jsonl")
    shared = shared_path()
    nlp = load_pipeline()
    claims_of = {}
    for row in targets:
        if row["capture"] not in claims_of:
            thread = read_thread_file(shared / "corpora" / row["capture"])
            claims_of[row["capture"]] = {
                (c.post_id, c.index): (c.start, c.end) for c in segment_thread(thread, nlp)
            }  # fmt: skip
        claims = claims_of[row["capture"]]
        for index, start, end in row["reply_claims"]:
            assert claims[(row["child"], index)] == (start, end)
        for index, start, end in row["parent_claims"]:
            assert claims[(row["parent"], index)] == (start, end)
        parent_indices = {f"P{i}" for i, _, _ in row["parent_claims"]}
        for label in row["targets"].values():
            assert label["target"] in parent_indices | {"none"}
    assert len(targets) >= 300
