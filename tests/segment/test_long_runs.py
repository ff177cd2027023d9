"""Long runs of punctuation (or any characters) without spaces.

spaCy's tokenizer takes time in the square of such a run (20,000 "(" took
47 s before argmap.segment.tokenize). The sizes here would take minutes at
that rate; cut into pieces they take a fraction of a second.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.segment import load_pipeline, segment_posts
from argmap.segment.tokenize import MAX_RUN, MAX_SYMBOL_RUN, cut_points, make_doc
from tests.helpers import post

# A mix of the classes spaCy strips one at a time: openers, closers, quotes,
# other punctuation, currency and other symbols, and marks that are none.
MIXED = "?!'\"[*:)«$%(]}>»#@&^~\\|/¿¡–—‘’“”€£¥©®°±×÷§¶•…\u0301\u200b"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def check_offsets(text, claims):
    assert claims
    for claim in claims:
        assert claim.text == " ".join(text[claim.start : claim.end].split())


def test_huge_punctuation_runs_segment_and_keep_offsets(nlp):
    mixed = "".join(MIXED[i % len(MIXED)] for i in range(6_000))
    text = (
        "I think the parser is fine. "
        + "(" * 20_000
        + " But this sentence still counts as a claim. "
        + mixed
        + " And the last one is real too."
    )
    claims = list(segment_posts([post("1", None, text, 0)], nlp))
    check_offsets(text, claims)
    assert claims[0].text.startswith("I think the parser is fine.")
    assert claims[-1].text.endswith("And the last one is real too.")


@pytest.mark.parametrize("unit", ["(", "'s", "US$", "$" * 255 + " "])
def test_every_kind_of_run_is_cut(nlp, unit):
    text = "Words before it. " + unit * (20_000 // len(unit)) + " Words after it."
    doc = make_doc(nlp, text)
    assert doc.text == text
    assert all(len(t.text) <= MAX_RUN for t in doc)
    check_offsets(text, list(segment_posts([post("1", None, text, 0)], nlp)))


def test_ordinary_text_is_one_piece(nlp):
    url = "https://example.com/" + "a" * (MAX_RUN - 20)
    text = f"See {url} and {'-' * MAX_SYMBOL_RUN} and 'quoted (words)'."
    assert cut_points(text) == []
    assert [t.text for t in make_doc(nlp, text)] == [t.text for t in nlp.make_doc(text)]


def test_cuts_fall_inside_the_runs_only():
    text = "ab " + "x" * (2 * MAX_RUN + 5) + " " + "!" * (MAX_SYMBOL_RUN + 1)
    long_start = 3
    symbols_start = long_start + 2 * MAX_RUN + 6
    assert cut_points(text) == [
        long_start + MAX_RUN,
        long_start + 2 * MAX_RUN,
        symbols_start + MAX_SYMBOL_RUN,
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("a(!' $\n.'s"), st.integers(1, 400)), max_size=12
    )
)
def test_doc_text_is_the_text(nlp, pieces):
    text = "".join(char * count for char, count in pieces)
    doc = make_doc(nlp, text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)


def test_pieces_give_the_tokens_one_piece_gives(nlp):
    # Every "(" is a token either way, so the cut must change nothing,
    # special cases ("don't" -> do + n't, NORM "not") included.
    text = "I don't think " + "(" * 300 + " it's gonna work, can't you see?"
    assert cut_points(text)

    def tokens(doc):
        return [(t.text, t.norm_, t.idx, t.whitespace_) for t in doc]

    assert tokens(make_doc(nlp, text)) == tokens(nlp.make_doc(text))


def test_a_url_longer_than_max_run_stays_inside_its_sentence(nlp):
    url = "https://example.com/" + "/".join(f"segment{i}" for i in range(40)) + "?q=1.2"
    assert len(url) > MAX_RUN
    text = f"Read {url} for the details of it. Then come back."
    claims = [c.text for c in segment_posts([post("1", None, text, 0)], nlp)]
    assert claims == [f"Read {url} for the details of it.", "Then come back."]
