from argmap.text.blocks import blocks_from_text


def kinds(text, **kw):
    return [(b.kind, text[b.start:b.end]) for b in blocks_from_text(text, **kw)]


def test_paragraphs_quotes_lists_and_code():
    text = ("Title here\n\n> quoted one\n> continues\nMy reply\nsame para\n\n- item one\n"
            "- item two\n1. numbered\n\n    code line\n    more code\n\n```\nfenced\n```\nafter")
    assert kinds(text, title=True) == [
        ("title", "Title here"),
        ("quote", "quoted one\n> continues"),
        ("paragraph", "My reply\nsame para"),
        ("list_item", "- item one"),
        ("list_item", "- item two"),
        ("list_item", "1. numbered"),
        ("code", "    code line\n    more code"),
        ("code", "```\nfenced\n```"),
        ("paragraph", "after"),
    ]


def test_empty_and_marker_only_lines_make_no_block():
    assert kinds("") == []
    assert kinds(">\n\n   \n") == []


def test_unclosed_fence_runs_to_the_end():
    text = "before\n\n```\ncode never closed"
    assert kinds(text) == [("paragraph", "before"), ("code", "```\ncode never closed")]


def test_offsets_point_into_the_text():
    text = "a\n\n> b\n\n- c"
    for block in blocks_from_text(text):
        assert 0 <= block.start < block.end <= len(text)
