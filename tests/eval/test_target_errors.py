"""benchmarks/target_errors.py counts the same dev targeting as ``argmap eval``."""

from __future__ import annotations

import importlib.util
import re

from argmap.datasets import gold_dir
from tests.helpers import REPO, shared_path


def load_script():
    spec = importlib.util.spec_from_file_location(
        "target_errors", REPO / "benchmarks" / "target_errors.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_error_listing_agrees_with_the_eval_row(capsys):
    from argmap.eval.targets import claim_target_dev_rows

    shared = shared_path("corpora")
    assert load_script().main(["--data", str(shared.parent)]) == 0
    out = capsys.readouterr().out
    right, total = map(
        int, re.search(r"dev claim targets: (\d+)/(\d+) right", out).groups()
    )
    [row] = claim_target_dev_rows(gold_dir() / "claim-targets-dev.jsonl", shared.parent)
    assert total == row["n"] and round(right / total, 4) == row["accuracy"]
    errors = out.split("errors by gold, rule, level:")[1].split("accuracy by level")[0]
    assert (
        sum(int(n) for n in re.findall(r"^\s+(\d+)\s", errors, re.MULTILINE))
        == total - right
    )


def test_rules_are_read_from_the_evidence():
    script = load_script()
    assert script.rule_of("quotes parent sentence 2") == "quote"
    assert script.rule_of("similar to parent sentence 1 (0.31)") == "similarity"
    assert (
        script.rule_of("no close match; continues the previous sentence's target (x)")
        == "continuation"
    )
    assert (
        script.rule_of("no close match; answers the parent's first claim")
        == "first-claim fallback"
    )
    assert script.rule_of(None) == "no edge"


def test_missing_data_is_one_line_and_an_error(tmp_path, capsys):
    assert load_script().main(["--data", str(tmp_path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
