from argmap.model import Claim
from argmap.relate import claim_targets, relate_thread
from argmap.relate.targeting import choose_targets, resolve_quote
from argmap.segment import load_pipeline, segment_thread
from tests.helpers import tiny_thread


def claim(post_id, index, text, claim_type="claim"):
    return Claim(post_id, index, text, 0, len(text), claim_type)


PARENT = [
    claim("p", 0, "Rust has a steep learning curve."),
    claim("p", 1, "C++ has decades of tooling that Rust lacks."),
    claim("p", 2, "Anyway, both languages are fine."),
]


def test_quote_resolves_to_the_quoted_sentence_even_when_trimmed():
    quote = claim("r", 0, "decades of tooling that Rust", "quote")
    assert resolve_quote(quote, [PARENT]) == ([PARENT[1]], 0)


def test_quote_cut_with_ellipsis_spans_two_sentences():
    quote = claim("r", 0, "Rust has a steep ... decades of tooling", "quote")
    assert resolve_quote(quote, [PARENT]) == ([PARENT[0], PARENT[1]], 0)


def test_quote_from_an_older_ancestor():
    grandparent = [claim("g", 0, "Memory safety is worth the effort for systems code.")]
    quote = claim("r", 0, "memory safety is worth the effort", "quote")
    assert resolve_quote(quote, [PARENT, grandparent]) == ([grandparent[0]], 1)
    reply = [quote, claim("r", 1, "Only if the team can learn it.")]
    [(_, target)] = choose_targets(reply, PARENT, [grandparent])
    assert target.claim == grandparent[0]
    assert target.how == "quotes ancestor 2 levels up sentence 1"


def test_quote_from_outside_the_thread_is_not_resolved():
    quote = claim("r", 0, "The new laptop ships with a 12-inch screen.", "quote")
    assert resolve_quote(quote, [PARENT]) is None


def test_claims_after_a_quote_answer_the_quoted_claim():
    reply = [claim("r", 0, "C++ has decades of tooling", "quote"), claim("r", 1, "Cargo is better.")]
    [(source, target)] = choose_targets(reply, PARENT)
    assert source == reply[1]
    assert target.claim == PARENT[1]
    assert target.how == "quotes parent sentence 2"


def test_without_quote_most_similar_claim_wins():
    reply = [claim("r", 0, "The learning curve of Rust is not steep at all.")]
    [(_, target)] = choose_targets(reply, PARENT)
    assert target.claim == PARENT[0]
    assert target.how.startswith("similar to parent sentence 1")


def test_a_reply_answering_two_claims_gets_two_edges():
    reply = [claim("r", 0, "Rust tooling and the Rust learning curve are both fine now.")]
    parent = [claim("p", 0, "The Rust learning curve is steep."), claim("p", 1, "Rust tooling is poor."),
              claim("p", 2, "Anyway, both are fine.")]
    targets = [t.claim for _, t in choose_targets(reply, parent)]
    assert targets == [parent[0], parent[1]]


def test_no_overlap_falls_back_to_first_claim():
    reply = [claim("r", 0, "Completely unrelated remark about weather.")]
    [(_, target)] = choose_targets(reply, PARENT)
    assert target.claim == PARENT[0]
    assert "first claim" in target.how


def test_relations_on_a_thread():
    thread = tiny_thread()
    claims = segment_thread(thread, load_pipeline())
    relations = relate_thread(thread, claims)
    by_pair = {(r.source, r.target): r for r in relations}
    assert by_pair[("2", "1")].label == "rebuts"
    assert by_pair[("4", "1")].label == "supports"
    assert by_pair[("5", "4")].label == "questions"
    deleted = by_pair[("6", "4")]
    assert (deleted.label, deleted.confidence) == ("neutral", 0.0)
    # Carol quotes Bob's second sentence and rebuts it.
    carol = [r for r in relations if r.source.startswith("3#")]
    assert carol and all(r.target == "2#1" for r in carol)
    assert any(r.label == "rebuts" and "quotes parent sentence 2" in r.evidence for r in carol)
    for rel in relations:
        assert rel.label in ("rebuts", "supports", "questions", "neutral")
        assert 0.0 <= rel.confidence <= 1.0 and rel.evidence


def test_the_title_is_never_a_claim_target():
    thread = tiny_thread()
    claims = segment_thread(thread, load_pipeline())
    title_claims = {c.id for c in claims if c.post_id == "1" and c.text.startswith("Rust is")}
    assert title_claims, "the tiny thread's root has a title claim"
    relations = relate_thread(thread, claims)
    assert not [r for r in relations if r.target in title_claims]
    # Dan repeats the story's own sentence: that claim edge stays.
    assert any(r.source.startswith("4#") and r.target == "1#1" for r in relations)
    # Bob's top-level claims share no sentence with the story text: no claim
    # edge to the root, only his post-level stance.
    assert not [r for r in relations if r.source.startswith("2#") and r.target.startswith("1#")]
    assert any(r.source == "2" and r.target == "1" for r in relations)


def test_top_level_claims_get_no_fallback_target_in_the_story():
    story = [claim("s", 0, "Memory safety matters.")]
    reply = [claim("r", 0, "Completely unrelated remark about weather.")]
    assert choose_targets(reply, story, root=True) == []
    close = [claim("r", 0, "Memory safety really matters.")]
    [(_, target)] = choose_targets(close, story, root=True)
    assert target.claim == story[0]


def test_a_sentence_with_no_close_match_continues_the_previous_target():
    reply = [claim("r", 0, "C++ tooling is decades old, I agree."),
             claim("r", 1, "Completely unrelated remark about weather.")]
    [(_, first), (_, second)] = choose_targets(reply, PARENT)
    assert first.claim == PARENT[1] and second.claim == PARENT[1]
    assert second.how.startswith("no close match; continues the previous sentence's target")
    assert "parent sentence 2" in second.how


def test_a_long_continuation_keeps_one_short_evidence():
    reply = [claim("r", 0, "C++ tooling is decades old, I agree.")]
    reply += [claim("r", i, f"Unrelated remark number {i}.") for i in range(1, 200)]
    pairs = choose_targets(reply, PARENT)
    assert len({t.how for _, t in pairs[1:]}) == 1 and len(pairs[-1][1].how) < 120


def test_claim_targets_are_the_claim_edges_of_the_map_in_order():
    thread = tiny_thread()
    claims = segment_thread(thread, load_pipeline())
    edges = [(r.source, r.target) for r in relate_thread(thread, claims) if r.is_claim_level]
    targets = [(claim.id, target.claim.id) for claim, target in claim_targets(thread, claims)]
    assert edges and targets == edges
