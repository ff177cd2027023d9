"""A huge post is judged on its first MAX_TEXT_CHARS characters, and the map says so.

The stance features split a text into words and word pairs: a 50 MB comment,
too long to be segmented, peaked at 2.08 GB, and a 120 MB one ran out of
memory under a 4 GB cap. Memory is measured here with tracemalloc (what
Python allocates), not time.
"""

from __future__ import annotations

import json
import tracemalloc
from dataclasses import dataclass, field

from typer.testing import CliRunner

from argmap.cli import app
from argmap.model import Skipped
from argmap.relate import Prediction, relate_thread
from argmap.relate.stance.features import MAX_TEXT_CHARS, pair_features
from tests.helpers import post, tiny_thread

PROSE = "No, that is not true at all, and the numbers show it. "


def huge(chars: int) -> str:
    return (PROSE * (chars // len(PROSE) + 1))[:chars]


def test_features_read_only_the_first_max_text_chars():
    reply, parent = huge(3 * MAX_TEXT_CHARS), huge(2 * MAX_TEXT_CHARS)
    assert pair_features(reply, parent) == pair_features(
        reply[:MAX_TEXT_CHARS], parent[:MAX_TEXT_CHARS]
    )


def test_feature_memory_does_not_grow_with_the_text():
    def peak(text: str) -> int:
        tracemalloc.start()
        try:
            pair_features(text, "Is that so?")
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    at_the_cap = peak(huge(MAX_TEXT_CHARS))
    # 40 times the text: before the cap this took some 40 times the memory.
    assert peak(huge(40 * MAX_TEXT_CHARS)) < 1.5 * at_the_cap


@dataclass
class Recorder:
    name: str = "recorder"
    seen: list = field(default_factory=list)

    def predict(self, pairs):
        self.seen.extend(pairs)
        return [Prediction("neutral", 0.5, "recorded") for _ in pairs]


def test_huge_posts_are_cut_for_the_classifier_and_listed_once():
    thread = tiny_thread()
    thread.posts[1] = post("2", "1", huge(MAX_TEXT_CHARS + 1), 1)
    classifier = Recorder()
    relate_thread(thread, [], classifier)
    assert max(len(p.text) for p in classifier.seen) == MAX_TEXT_CHARS
    assert max(len(p.target_text) for p in classifier.seen) == MAX_TEXT_CHARS
    # Post 2 is read as a reply (to 1) and as a parent (of 3): one entry.
    assert thread.skipped == [
        Skipped(
            "post 2",
            f"its text is {MAX_TEXT_CHARS + 1:,} characters; its stance and its replies' "
            f"stances toward it are judged on its first {MAX_TEXT_CHARS:,}",
        )
    ]


def test_ordinary_posts_are_not_cut():
    thread = tiny_thread()
    classifier = Recorder()
    relate_thread(thread, [], classifier)
    texts = {p.text for p in thread.posts}
    assert all(p.text in texts and p.target_text in texts for p in classifier.seen)
    assert thread.skipped == []


def test_the_cli_summary_says_what_was_cut(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(
        json.dumps(
            {
                "format": "argmap-thread",
                "title": "T",
                "posts": [
                    {"id": "1", "parent": None, "text": "Root claim is here."},
                    {"id": "2", "parent": "1", "text": huge(1_200_000)},
                ],
            }
        )
    )
    result = CliRunner().invoke(
        app, ["map", str(path), "-o", str(tmp_path / "out"), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert "skipped:   2" in result.stdout
    assert "more than the 1,000,000 spaCy reads at once" in result.stdout
    assert f"judged on its first {MAX_TEXT_CHARS:,}" in result.stdout
