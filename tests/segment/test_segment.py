import pytest
from spacy.tokens import Doc

from argmap.errors import ModelNotInstalledError
from argmap.segment import (
    BLOCKS_KEY,
    SPANS_KEY,
    load_pipeline,
    segment_posts,
    segment_thread,
)
from tests.helpers import post, tiny_thread


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def claims_of(nlp, text, **kw):
    return [(c.claim_type, c.text) for c in segment_posts([post("1", None, text, 0, **kw)], nlp)]


def test_default_pipeline_needs_no_model(nlp):
    assert nlp.pipe_names == ["sentencizer", "argmap_boundaries", "argmap_claims"]


@pytest.mark.parametrize("text, expected", [
    ("I upgraded to v2.0.1 yesterday. It broke everything.",
     ["I upgraded to v2.0.1 yesterday.", "It broke everything."]),
    ("Llama 405B is huge, e.g. it needs 800GB of memory.",
     ["Llama 405B is huge, e.g. it needs 800GB of memory."]),
    ("The U.S. gov't said so. Mr. Smith disagrees, i.e. he thinks otherwise.",
     ["The U.S. gov't said so.", "Mr. Smith disagrees, i.e. he thinks otherwise."]),
    ("Read https://example.com/a.b?c=1.2 for the details of it.",
     ["Read https://example.com/a.b?c=1.2 for the details of it."]),
    ("It broke everything... Then I rolled back.",
     ["It broke everything...", "Then I rolled back."]),
    ("It was fine... mostly fine anyway.", ["It was fine... mostly fine anyway."]),
])
def test_sentences_survive_forum_tokens(nlp, text, expected):
    assert [t for _, t in claims_of(nlp, text)] == expected


def test_newlines_split_and_list_items_are_units(nlp):
    text = "Some options here:\n- first option is good\n- second option is bad\n1. numbered item one\n2. numbered item two"
    assert [t for _, t in claims_of(nlp, text)] == [
        "Some options here:", "first option is good", "second option is bad",
        "numbered item one", "numbered item two",
    ]


def test_quote_is_one_unit_of_type_quote(nlp):
    text = "> The first sentence. And a second one\n> wrapped here.\n\nI disagree with that."
    assert claims_of(nlp, text) == [
        ("quote", "The first sentence. And a second one wrapped here."),
        ("claim", "I disagree with that."),
    ]


def test_code_is_never_a_claim(nlp):
    text = "Try this instead.\n\n    x = compute(1)\n    print(x)\n\n```\nmore = code()\n```"
    assert claims_of(nlp, text) == [("claim", "Try this instead.")]


@pytest.mark.parametrize("text", [
    "https://example.com/some/page", "Thanks!", "This.", "Edit: typo", "+1", "[1] https://x.y/z",
    "lol", "Agreed.",
])
def test_lines_without_a_claim_are_left_out(nlp, text):
    assert claims_of(nlp, text) == []


def test_questions_are_typed(nlp):
    assert claims_of(nlp, "Why? That seems wrong to me.") == [
        ("question", "Why?"), ("claim", "That seems wrong to me.")]


def test_title_is_always_a_claim(nlp):
    text = "Chuwi Minibook X\n\nA small laptop."
    assert claims_of(nlp, text, title=True)[0] == ("claim", "Chuwi Minibook X")


def test_offsets_match_post_text(nlp):
    thread = tiny_thread()
    for claim in segment_thread(thread, nlp):
        source = thread.post(claim.post_id).text[claim.start:claim.end]
        assert " ".join(source.replace(">", " ").split()) == claim.text or claim.claim_type == "quote"
        assert claim.id == f"{claim.post_id}#{claim.index}"  # ordinary ids are not escaped


def test_deleted_posts_get_no_claims(nlp):
    claims = segment_thread(tiny_thread(), nlp)
    assert "6" not in {c.post_id for c in claims}


def test_blocks_fall_back_to_text_when_not_given(nlp):
    doc = nlp("> quoted words here\n\nMy answer is no, really.")
    assert [s.label_ for s in doc.spans[SPANS_KEY]] == ["quote", "claim"]
    assert BLOCKS_KEY in doc.user_data


def test_one_doc_per_post(nlp, monkeypatch):
    seen = []
    real_pipe = type(nlp).pipe

    def spy(self, docs, **kw):
        for doc in real_pipe(self, docs, **kw):
            seen.append(doc)
            yield doc

    monkeypatch.setattr(type(nlp), "pipe", spy)
    thread = tiny_thread()
    segment_thread(thread, nlp)
    assert len(seen) == sum(1 for p in thread.posts if p.has_claims)
    assert all(isinstance(d, Doc) for d in seen)


def test_missing_trained_model_gives_install_hint():
    with pytest.raises(ModelNotInstalledError, match="python -m spacy download en_core_web_zz"):
        load_pipeline("en_core_web_zz")
