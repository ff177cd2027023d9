"""The HTML map: self-contained, inert with hostile text, deterministic, fast."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import random
import re
import time
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest
from bs4 import BeautifulSoup

from argmap.errors import ExportError
from argmap.export import html as html_export
from argmap.export.html import generate_html, http_url, safe_json, write_html
from argmap.export.html.layout import POST_HALF, build_reply_tree, tree_layout
from tests.helpers import shared_path

SITE = "hackernews"
PWN = "window.__pwned=1"
PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "breakout": "</script><script>" + PWN + "</script>",
    "img": f'<img src=x onerror="{PWN}">',
    "comment": "<!-- <script>" + PWN + "</script> -->",
    "separators": "line\u2028para\u2029end & done",
    "js_url": "javascript:" + PWN,
}
HOSTILE_TITLE = PAYLOADS["breakout"] + ' "quoted" ' + PAYLOADS["img"]


def add_post(
    G, pid, parent, *, author="alice", text="", url=None, status="ok", depth=0
):
    if url is None:
        url = f"https://news.ycombinator.com/item?id={pid}"
    G.add_node(
        f"{SITE}:{pid}",
        kind="post",
        site=SITE,
        post_id=pid,
        author=author,
        created=f"2024-02-0{1 + len(G) % 8}T10:{len(G) % 60:02d}:00Z",
        parent=parent,
        depth=depth,
        url=url,
        status=status,
        text=text,
    )
    if parent:
        G.add_edge(
            f"{SITE}:{pid}",
            f"{SITE}:{parent}",
            key="replies_to",
            relation="replies_to",
            stance="rebuts",
            confidence=0.7,
            evidence="starts with 'No,'",
        )


def add_claim(G, pid, index, text, claim_type="claim"):
    u = f"{SITE}:{pid}#{index}"
    G.add_node(
        u,
        kind="claim",
        site=SITE,
        post_id=pid,
        index=index,
        text=text,
        start=0,
        end=len(text),
        claim_type=claim_type,
    )
    G.add_edge(f"{SITE}:{pid}", u, key="contains", relation="contains")
    return u


def relate(G, u, v, relation, confidence=0.8, evidence="cue word"):
    G.add_edge(
        u, v, key=relation, relation=relation, confidence=confidence, evidence=evidence
    )


def new_graph(
    title="Open weights are not open source",
    url="https://news.ycombinator.com/item?id=1",
):
    return nx.MultiDiGraph(
        site=SITE,
        thread_id="1",
        url=url,
        title=title,
        fetched_at="2024-02-01T12:00:00Z",
        argmap_version="0.1.0",
        link="https://example.com/story",
        complete=True,
    )


@pytest.fixture
def thread_graph() -> nx.MultiDiGraph:
    """A root, three replies and a nested reply, with claims and relations."""
    G = new_graph()
    add_post(G, "1", "", author="op", text="Open weights are not open source.")
    root_claim = add_claim(G, "1", 0, "Open weights are not open source.")
    add_post(
        G, "2", "1", author="bob", depth=1, text="They are.\n\nThe licence is OSI."
    )
    b0 = add_claim(G, "2", 0, "They are.")
    add_claim(G, "2", 1, "The licence is OSI.")
    add_post(G, "3", "1", author="carol", depth=1, text="Is the data published?")
    c0 = add_claim(G, "3", 0, "Is the data published?", "question")
    add_post(
        G, "4", "2", author="dave", depth=2, text="> The licence is OSI.\nIt is not."
    )
    add_claim(G, "4", 0, "The licence is OSI.", "quote")
    d1 = add_claim(G, "4", 1, "It is not.")
    add_post(G, "5", "1", author="", status="deleted", depth=1)
    relate(G, b0, root_claim, "rebuts")
    relate(G, c0, root_claim, "questions", 0.55)
    relate(G, d1, f"{SITE}:2#1", "rebuts", 0.9)
    relate(G, f"{SITE}:4#0", f"{SITE}:2#1", "neutral", 0.3)
    relate(G, d1, b0, "supports", 0.2)
    return G


@pytest.fixture
def hostile_graph() -> nx.MultiDiGraph:
    """Payloads in the title, thread URL, authors, texts, post URLs, evidence."""
    G = new_graph(title=HOSTILE_TITLE, url=PAYLOADS["js_url"])
    G.graph["link"] = "data:text/html,<script>" + PWN + "</script>"
    add_post(G, "1", "", author=PAYLOADS["script"], text=PAYLOADS["breakout"])
    root_claim = add_claim(G, "1", 0, PAYLOADS["img"])
    add_post(
        G,
        "2",
        "1",
        author=PAYLOADS["img"],
        depth=1,
        url=PAYLOADS["js_url"],
        text=PAYLOADS["comment"]
        + "\n\n"
        + PAYLOADS["separators"]
        + ' <a href="x">href</a>',
    )
    claim = add_claim(G, "2", 0, PAYLOADS["breakout"], "question")
    add_post(G, "3", "1", author="plain", depth=1, text="An ordinary reply.")
    relate(G, claim, root_claim, "rebuts", evidence=PAYLOADS["img"])
    G.edges[f"{SITE}:2", f"{SITE}:1", "replies_to"]["evidence"] = PAYLOADS["breakout"]
    return G


def synthetic_thread(n_posts: int, seed: int = 0, chain: int = 0) -> nx.MultiDiGraph:
    """A thread shaped like a forum's: many top-level replies, some long
    sub-discussions, 0-4 claims a post; ``chain`` posts reply one below the other."""
    rng = random.Random(seed)
    G = new_graph(title="Synthetic")
    depth: dict[str, int] = {}
    claims: dict[str, list[str]] = {}
    for i in range(n_posts):
        pid = str(1000 + i)
        if i == 0:
            parent = ""
        elif i <= chain:
            parent = str(1000 + i - 1)
        else:
            parent = str(1000 + rng.choice([0] * 5 + list(range(max(1, i - 40), i))))
        depth[pid] = depth[parent] + 1 if parent else 0
        add_post(
            G,
            pid,
            parent,
            author=f"user{rng.randint(1, 300)}",
            depth=depth[pid],
            text="Some text. " * rng.randint(1, 30),
        )
        claims[pid] = [
            add_claim(G, pid, j, f"claim {j}") for j in range(rng.randint(0, 4))
        ]
        for c in claims[pid]:
            if parent and claims[parent] and rng.random() < 0.6:
                relate(
                    G, c, rng.choice(claims[parent]), rng.choice(["rebuts", "supports"])
                )
    return G


def data_block(page: str) -> dict:
    soup = BeautifulSoup(page, "html.parser")
    return json.loads(soup.find("script", id="argmap-data").string)


def csp_directives(soup: BeautifulSoup) -> dict[str, list[str]]:
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    parts = (p.split() for p in meta["content"].split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


def sha256_source(text: str) -> str:
    return (
        "'sha256-"
        + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        + "'"
    )


# --- self-contained and locked down ---------------------------------------------


LOADING_ATTRS = (
    "src",
    "href",
    "srcset",
    "data",
    "poster",
    "action",
    "formaction",
    "background",
    "xlink:href",
    "manifest",
    "ping",
)


def test_loads_nothing_from_the_network(thread_graph):
    soup = BeautifulSoup(generate_html(thread_graph), "html.parser")
    for tag in soup.find_all(True):
        if tag.name == "a":
            continue  # links are navigation on a click, not loads
        for attr in LOADING_ATTRS:
            value = tag.get(attr)
            assert value is None, f"<{tag.name} {attr}={value!r}> loads a resource"
        assert "url(" not in (tag.get("style") or "")
    assert not soup.find_all("link") and not soup.find_all(
        ["iframe", "object", "embed"]
    )
    scripts = soup.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/json", None, None]
    assert all(not s.get("src") for s in scripts)
    css = "".join(s.string for s in soup.find_all("style"))
    assert "@import" not in css
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", css)
    assert urls and all(u.startswith("data:") for u in urls)  # vis-network's icons


def test_vis_network_is_inlined(thread_graph):
    page = generate_html(thread_graph)
    assert "@version 9.1.2" in page and "vis-network" in page
    assert "sourceMappingURL" not in page


def test_csp_allows_exactly_the_inline_scripts_and_styles(thread_graph):
    soup = BeautifulSoup(generate_html(thread_graph), "html.parser")
    csp = csp_directives(soup)
    assert csp["default-src"] == ["'none'"]
    assert "connect-src" not in csp  # falls back to default-src 'none'
    assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'none'"]
    executable = [s.string for s in soup.find_all("script") if not s.get("type")]
    assert sorted(csp["script-src"]) == sorted(sha256_source(s) for s in executable)
    styles = [s.string for s in soup.find_all("style")]
    assert sorted(csp["style-src"]) == sorted(sha256_source(s) for s in styles)
    assert "'unsafe-inline'" not in str(csp) and "'unsafe-eval'" not in str(csp)
    assert soup.find("meta", attrs={"name": "referrer"})["content"] == "no-referrer"
    assert not soup.find_all(style=True)  # style attributes would be blocked


# --- hostile text ---------------------------------------------------------------


def test_hostile_text_stays_text(hostile_graph):
    page = generate_html(hostile_graph)
    soup = BeautifulSoup(page, "html.parser")
    # Exactly our three scripts: nothing opened a new one or closed ours early
    # (vis-network itself has the text "<script>" inside a JS string).
    assert len(re.findall(r"</script", page, re.IGNORECASE)) == 3
    ours = page.replace(html_export.vis_assets()[0], "")
    assert len(re.findall(r"<script", ours, re.IGNORECASE)) == 3
    assert len(soup.find_all("script")) == 3
    assert soup.find("img") is None
    for tag in soup.find_all(True):
        handlers = [a for a in tag.attrs if a.lower().startswith("on")]
        assert not handlers, f"<{tag.name}> has event handlers {handlers}"
    # The title is escaped, and reads back exactly as written.
    assert soup.find("h1").get_text() == HOSTILE_TITLE
    assert HOSTILE_TITLE in soup.find("title").get_text()


def test_data_block_cannot_break_out_and_round_trips(hostile_graph):
    page = generate_html(hostile_graph)
    raw = BeautifulSoup(page, "html.parser").find("script", id="argmap-data").string
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in raw
    data = json.loads(raw)
    authors = {n.get("author") for n in data["info"]}
    assert {PAYLOADS["script"], PAYLOADS["img"]} <= authors
    texts = {n["text"] for n in data["info"]}
    assert PAYLOADS["breakout"] in texts
    assert any(PAYLOADS["separators"] in t for t in texts)
    assert PAYLOADS["img"] in {e["evidence"] for e in data["edgeInfo"]}


def test_only_http_urls_become_links(hostile_graph, thread_graph):
    soup = BeautifulSoup(generate_html(hostile_graph), "html.parser")
    assert soup.find_all("a", href=True) == []  # thread URL and story link are hostile
    assert PAYLOADS["js_url"] in soup.find("header").get_text()  # shown as text
    info = data_block(generate_html(hostile_graph))["info"]
    by_id = {n["nid"]: n for n in info}
    assert by_id[f"{SITE}:2"]["url"] == PAYLOADS["js_url"]
    assert by_id[f"{SITE}:2"]["link"] is False
    assert by_id[f"{SITE}:3"]["link"] is True
    links = BeautifulSoup(generate_html(thread_graph), "html.parser").find_all(
        "a", href=True
    )
    assert [a["href"] for a in links] == [
        "https://news.ycombinator.com/item?id=1",
        "https://example.com/story",
    ]
    for a in links:
        assert a["target"] == "_blank" and set(a["rel"]) == {"noopener", "noreferrer"}


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://news.ycombinator.com/item?id=1", True),
        ("HTTP://EXAMPLE.COM/a b".replace(" ", "%20"), True),
        ("http://127.0.0.1:8000/", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
        ("//example.com/x", False),
        ("https://", False),
        ("https:///path", False),
        ("https://exa mple.com", False),
        ("\x01https://example.com", False),
        ("https://example.com\n", False),
        ("https://[::1", False),
        ("", False),
        (None, False),
        (42, False),
    ],
)
def test_http_url(url, ok):
    assert http_url(url) == (url if ok else "")


def test_safe_json_is_inert_in_a_script_block():
    value = {
        "k</script>": "</script><!--<script>\u2028\u2029&amp;",
        "n": [1, 2.5, None],
    }
    text = safe_json(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_lone_surrogates_and_controls_do_not_break_the_write(tmp_path):
    G = new_graph(title="bad \udc80 title\x00")
    add_post(G, "1", "", author="\ud800", text="x\udfff\x00\x1b")
    path = write_html(G, tmp_path / "map.html")
    page = path.read_text(encoding="utf-8")
    assert "\ufffd" in page and "\x00" not in page.split("<script")[0]


# --- determinism, input safety, registry ----------------------------------------


def test_output_is_deterministic(thread_graph):
    first = generate_html(thread_graph)
    assert generate_html(thread_graph) == first
    # The same graph built in another order (as after a GraphML round trip).
    shuffled = nx.MultiDiGraph(**thread_graph.graph)
    shuffled.add_nodes_from(reversed(list(thread_graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(thread_graph.edges(keys=True, data=True))))
    assert generate_html(shuffled) == first


def test_graph_is_not_mutated(thread_graph):
    before = (
        copy.deepcopy(thread_graph.graph),
        copy.deepcopy(list(thread_graph.nodes(data=True))),
        copy.deepcopy(list(thread_graph.edges(keys=True, data=True))),
    )
    generate_html(thread_graph)
    after = (
        thread_graph.graph,
        list(thread_graph.nodes(data=True)),
        list(thread_graph.edges(keys=True, data=True)),
    )
    assert before == after


def test_map_data_follows_the_schema(thread_graph):
    data = data_block(generate_html(thread_graph))
    assert len(data["nodes"]) == thread_graph.number_of_nodes()
    assert len(data["edges"]) == thread_graph.number_of_edges()
    assert data["options"]["physics"] == {"enabled": False}
    assert all(
        isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"]
    )
    # Posts are cards (author, first words) and claims boxes of their own text,
    # a question or a quote marked as such.
    assert {n["shape"] for n in data["nodes"]} == {"box"}
    labels = {i["nid"]: n["label"] for i, n in zip(data["info"], data["nodes"])}
    author, words = labels[f"{SITE}:2"].split("\n")
    assert author == thread_graph.nodes[f"{SITE}:2"]["author"]
    assert words == "They are. The licence is…"  # on one line, cut at a word
    assert labels[f"{SITE}:2#0"] == thread_graph.nodes[f"{SITE}:2#0"]["text"][:100]
    assert labels[f"{SITE}:3#0"].startswith("? ") and labels[f"{SITE}:4#0"].startswith(
        "❝ "
    )
    styles = {e["s"] for e in data["edges"]}
    assert {
        "contains",
        "reply:rebuts",
        "rebuts",
        "supports",
        "questions",
        "neutral",
    } <= styles
    assert data["edgeStyles"]["rebuts"]["color"]["color"] == "#d55e00"  # Okabe-Ito
    # Every relation differs in dash and arrow head too, not in colour alone.
    rel_styles = [data["edgeStyles"][r] for r in ("rebuts", "supports", "questions")]
    assert len({str(st["dashes"]) for st in rel_styles}) == 3
    assert len({st["arrows"]["to"]["type"] for st in rel_styles}) == 3
    assert all("arrows" not in e or e["arrows"] != "to" for e in data["edges"])
    assert data["counts"] == {
        "posts": 5,
        "claims": 6,
        "rebuts": 2,
        "supports": 1,
        "questions": 1,
        "neutral": 1,
    }


def test_the_heading_counts_in_good_english(thread_graph):
    G = thread_graph.copy()
    G.graph.update(complete=False, skipped=1)
    soup = BeautifulSoup(generate_html(G), "html.parser")
    spans = [" ".join(s.get_text().split()) for s in soup.select("header .meta span")]
    tally = ["5 posts", "6 claims", "2 rebuttals", "1 support", "1 question"]
    assert spans[1:6] == tally
    assert spans[-2:] == ["incomplete thread", "1 item skipped"]


def test_unexpected_input_still_renders():
    G = new_graph()
    add_post(G, "1", "", text="root")
    add_post(G, "2", "3", depth=5)  # a parent cycle: 2 -> 3 -> 2
    add_post(G, "3", "2", depth=6)
    add_post(G, "4", "404", depth=1)  # parent never fetched
    G.add_node(
        f"{SITE}:9#0", kind="claim", site=SITE, post_id="9", index=0, text="orphan"
    )
    G.add_node("mystery", kind="poll", text="an unknown kind")
    G.add_edge(f"{SITE}:4", "mystery", key=0, relation="frobs", confidence=float("nan"))
    data = data_block(generate_html(G))
    assert len(data["nodes"]) == G.number_of_nodes()
    assert len(data["edges"]) == G.number_of_edges()
    assert generate_html(new_graph())  # an empty thread renders too


def test_writer_is_registered():
    from argmap.export import get_writer

    assert get_writer("html") is write_html


# --- atomic writes ----------------------------------------------------------------


def test_write_html_writes_the_page(thread_graph, tmp_path):
    path = write_html(thread_graph, tmp_path / "out" / "map.html")
    assert path == tmp_path / "out" / "map.html"
    assert path.read_text(encoding="utf-8") == generate_html(thread_graph)


def test_failed_write_leaves_the_old_file(thread_graph, tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("old map", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ExportError, match="No space left"):
        write_html(thread_graph, target)
    assert target.read_text(encoding="utf-8") == "old map"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "map.html"
    ]  # no temp file left


def test_failed_render_leaves_the_old_file(thread_graph, tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_text("old map", encoding="utf-8")
    monkeypatch.setattr(html_export, "generate_html", lambda G: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_html(thread_graph, target)
    assert target.read_text(encoding="utf-8") == "old map"


# --- layout -------------------------------------------------------------------------


def boxes_overlap(pos: dict, posts: list) -> list:
    """Pairs of post boxes (POST_HALF wide each side, 30 px tall) that overlap."""
    import numpy as np

    xy = np.array([pos[u] for u in posts])
    dx = np.abs(xy[:, None, 0] - xy[None, :, 0])
    dy = np.abs(xy[:, None, 1] - xy[None, :, 1])
    clash = (dx < 2 * POST_HALF) & (dy < 30)
    np.fill_diagonal(clash, False)
    return [(posts[i], posts[j]) for i, j in zip(*np.nonzero(clash)) if i < j]


def min_distance(pos: dict) -> float:
    import numpy as np

    xy = np.array(list(pos.values()))
    best = float("inf")
    for i in range(0, len(xy), 400):
        d = np.hypot(*(xy[i : i + 400, None, :] - xy[None, :, :]).transpose(2, 0, 1))
        d[np.arange(d.shape[0]), np.arange(i, i + d.shape[0])] = np.inf
        best = min(best, float(d.min()))
    return best


def test_layout_of_2000_posts_places_every_node():
    # How fast is measured, not asserted (the machine is shared): see the
    # HTML map table in docs/performance.md.
    G = synthetic_thread(2000)
    pos = tree_layout(G)
    assert set(pos) == set(G)


def test_layout_of_500_posts_does_not_pile_up():
    G = synthetic_thread(500, seed=1)
    pos = tree_layout(G)
    posts = [u for u, k in G.nodes(data="kind") if k == "post"]
    assert boxes_overlap(pos, posts) == []
    assert min_distance(pos) > 20
    xs, ys = zip(*pos.values())
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert 0.5 < width / height < 4  # fills a screen rather than a thin band


def test_layout_handles_deep_chains():
    G = synthetic_thread(300, chain=120)
    assert max(d for _, d in G.nodes(data="depth") if d is not None) >= 120
    pos = tree_layout(G)
    assert set(pos) == set(G)
    assert min_distance(pos) > 20


def test_layout_is_a_tree_with_claims_in_a_column_under_their_post(thread_graph):
    tree = build_reply_tree(thread_graph)
    assert tree.centre == f"{SITE}:1"
    assert tree.preorder()[0] == f"{SITE}:1"
    pos = tree_layout(thread_graph, tree)
    for post, claims in tree.claims.items():
        ys = [pos[post][1]] + [pos[c][1] for c in claims]
        assert all(pos[c][0] == pos[post][0] for c in claims)  # one column
        assert all(b - a >= 20 for a, b in pairwise(ys))  # in order, apart
        assert ys[-1] - ys[0] < 60 * len(claims)
    # replies sit below the post they answer
    assert pos[f"{SITE}:4"][1] > pos[f"{SITE}:2"][1] > pos[f"{SITE}:1"][1]


def hnpwa_graph(path: Path) -> nx.MultiDiGraph:
    """Posts of a real thread in the hnpwa item format (no claims needed)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    G = new_graph(title=raw.get("title", ""))
    stack = [(raw, "", 0)]
    while stack:
        item, parent, depth = stack.pop()
        add_post(
            G,
            str(item["id"]),
            parent,
            author=item.get("user") or "",
            text=item.get("content") or "",
            depth=depth,
        )
        stack.extend((c, str(item["id"]), depth + 1) for c in item.get("comments", []))
    return G


def test_layout_of_a_real_500_comment_thread():
    path = shared_path(
        "corpora",
        "other",
        "hnpwa-api-item-26312516-speed-is-the-killer-feature-2021-03.json",
    )
    G = hnpwa_graph(path)
    assert G.number_of_nodes() > 480
    pos = tree_layout(G)
    assert boxes_overlap(pos, list(G)) == []
    xs, ys = zip(*pos.values())
    assert 0.5 < (max(xs) - min(xs)) / (max(ys) - min(ys)) < 4


# --- a real browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    from tests.browser import chromium as helpers

    reason = helpers.missing()
    if reason:
        pytest.skip(f"browser test needs headless Chromium: {reason}")
    with helpers.headless_chromium() as driver:
        yield driver


def node_index(info: list, nid: str) -> int:
    return next(i for i, n in enumerate(info) if n["nid"] == nid)


def assert_clean(driver) -> None:
    """No script error, CSP violation, injected element or outside request."""
    from tests.browser.chromium import outside_requests, page_errors

    js = driver.execute_script
    assert js("return window.__pwned") is None
    assert (
        js("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    )
    assert js("return document.scripts.length") == 3
    assert page_errors(driver) == []
    assert outside_requests(driver) == []


@pytest.mark.browser
def test_browser_hostile_post_stays_text(chromium, hostile_graph, tmp_path):
    from tests.browser.chromium import node_offset, open_map, pointer

    driver, js = chromium, chromium.execute_script
    assert open_map(driver, write_html(hostile_graph, tmp_path / "hostile.html")) < 15
    assert js("return document.querySelectorAll('#map canvas').length") == 1
    evil = node_index(js("return window.argmap.info"), f"{SITE}:2")

    # Hover: the tooltip shows the payload as text.
    pointer(driver, node_offset(driver, evil))
    tip, deadline = None, time.time() + 5
    while not tip and time.time() < deadline:
        time.sleep(0.1)
        tip = js(
            "var t = document.querySelector('div.vis-tooltip');"
            "return t && t.style.visibility !== 'hidden' ? t.textContent : null"
        )
    assert tip and PAYLOADS["img"] in tip
    assert js("return document.querySelector('div.vis-tooltip *:not(div)')") is None

    # Click: the panel shows the full text as text, and no link for javascript:.
    pointer(driver, node_offset(driver, evil), "click")
    panel = js("return document.getElementById('panel').textContent")
    assert PAYLOADS["comment"] in panel and "not a web link" in panel
    assert js("return document.querySelectorAll('#panel a').length") == 0

    # Double-click on a javascript: URL opens nothing.
    handles = len(driver.window_handles)
    pointer(driver, node_offset(driver, evil), "double_click")
    time.sleep(0.3)
    assert len(driver.window_handles) == handles
    assert_clean(driver)


@pytest.mark.browser
def test_browser_edge_click_explains_the_relation(chromium, hostile_graph, tmp_path):
    from tests.browser.chromium import edge_offset, open_map, pointer

    path = write_html(hostile_graph, tmp_path / "hostile.html")
    open_map(chromium, path)
    edges = data_block(path.read_text(encoding="utf-8"))["edges"]
    reply = next(e["id"] for e in edges if e["s"].startswith("reply:"))
    pointer(chromium, edge_offset(chromium, reply), "click")
    js = chromium.execute_script
    assert js("return document.querySelector('#panel h2').textContent") == (
        "Reply (rebuts)"
    )
    panel = js("return document.getElementById('panel').textContent")
    assert "confidence" in panel.lower() and PAYLOADS["breakout"] in panel
    assert_clean(chromium)


@pytest.mark.browser
def test_browser_safe_post_links_to_the_forum(chromium, thread_graph, tmp_path):
    from tests.browser.chromium import node_offset, open_map, page_errors, pointer

    driver, js = chromium, chromium.execute_script
    open_map(driver, write_html(thread_graph, tmp_path / "plain.html"))
    post = node_index(js("return window.argmap.info"), f"{SITE}:2")
    pointer(driver, node_offset(driver, post), "click")
    link = js(
        "var a = document.querySelector('#panel a');"
        "return a && [a.href, a.target, a.rel]"
    )
    assert link == [
        "https://news.ycombinator.com/item?id=2",
        "_blank",
        "noopener noreferrer",
    ]
    # Double-click opens the post in a new tab (which cannot load: offline).
    handles = len(driver.window_handles)
    pointer(driver, node_offset(driver, post), "double_click")
    deadline = time.time() + 5
    while len(driver.window_handles) == handles and time.time() < deadline:
        time.sleep(0.1)
    assert len(driver.window_handles) == handles + 1
    # (the new tab did try the forum, so outside requests are expected here)
    assert page_errors(driver) == []
    # Close the new tab: left in front, it would keep the map's tab in the
    # background, where Chromium stops drawing, for the tests that follow.
    home = driver.current_window_handle
    for handle in driver.window_handles:
        if handle != home:
            driver.switch_to.window(handle)
            driver.close()
    driver.switch_to.window(home)


@pytest.mark.browser
def test_browser_rtl_override_reorders_only_the_thread_text(chromium, tmp_path):
    """A right-to-left override in a name or URL ("evil\u202egnp.exe" reads as
    "evilexe.png") stays inside a bidi isolate: the page's own words around it
    ("Post by", "(not a web link)") keep their order."""
    from tests.browser.chromium import open_map

    G = new_graph(title="RTL")
    add_post(G, "1", "", author="root", text="A root post.")
    name, url = "evil\u202egnp.exe", "x:\u202eabc"
    add_post(G, "2", "1", author=name, depth=1, url=url, text="A reply.")
    open_map(chromium, write_html(G, tmp_path / "rtl.html"))
    js = chromium.execute_script
    node = node_index(js("return window.argmap.info"), f"{SITE}:2")
    js("window.argmap.network.emit('click', {nodes: [arguments[0]], edges: []})", node)
    heading = js("return document.querySelector('#panel h2').textContent")
    assert heading == f"Post by \u2068{name}\u2069"
    forum = js(
        "return Array.from(document.querySelectorAll('#panel dd')).pop().textContent"
    )
    assert forum == f"\u2068{url}\u2069 (not a web link)"


# --- notebook ----------------------------------------------------------------------


def test_a_notebook_shows_the_same_page_sandboxed(hostile_graph):
    from argmap.pipeline import ArgumentMap

    amap = ArgumentMap(thread=None, claims=[], relations=[], graph=hostile_graph)
    frame = BeautifulSoup(amap._repr_html_(), "html.parser").find_all(True)
    assert [t.name for t in frame] == ["iframe"]  # nothing else, however hostile
    assert frame[0]["sandbox"] == ["allow-scripts"]  # no same origin, no popups
    assert frame[0]["srcdoc"] == generate_html(hostile_graph)


def test_the_page_carries_the_overview_and_the_classifier_score(thread_graph):
    from argmap.analysis.overview import overview

    G = thread_graph.copy()
    G.graph["classifier"] = "argmap.stance_linear.v2"
    data = data_block(generate_html(G))
    assert data["overview"] == overview(G, min_confidence=0.5, limit=5)
    assert data["classifier"]["name"] == "argmap.stance_linear.v2"
    assert data["classifier"]["macro_f1"] == 0.442
    footer = BeautifulSoup(generate_html(G), "html.parser").find(id="honesty")
    assert (
        "argmap.stance_linear.v2" in footer.get_text() and "0.44" in footer.get_text()
    )
    G.graph["classifier"] = "someone.elses.v9"
    footer = BeautifulSoup(generate_html(G), "html.parser").find(id="honesty")
    assert "not measured" in footer.get_text()


def test_every_test_hook_is_in_the_page(thread_graph):
    soup = BeautifulSoup(generate_html(thread_graph), "html.parser")
    roles = {t["data-role"] for t in soup.find_all(attrs={"data-role": True})}
    assert {"overview", "details", "relation-filter", "min-confidence"} <= roles
    filters = [t["value"] for t in soup.select("[data-role=relation-filter]")]
    assert filters == [
        "rebuts",
        "supports",
        "questions",
        "neutral",
        "replies_to",
        "contains",
    ]
    assert soup.select_one("[data-role=min-confidence]")["type"] == "range"


def test_the_assets_are_inlined_once_and_hashed(thread_graph):
    from argmap.export.html.page import ASSETS, SCRIPTS

    page = generate_html(thread_graph)
    for name in SCRIPTS:
        body = (ASSETS / name).read_text(encoding="utf-8")
        assert page.count(body) == 1, name
    assert (ASSETS / "map.css").read_text(encoding="utf-8") in page


def test_labels_cut_long_text_at_a_word_and_mark_questions():
    from argmap.export.html.network import claim_label, post_label

    long = "word " * 60
    label = claim_label({"text": long, "claim_type": "claim"})
    assert len(label) <= 100 and label.endswith("…") and "wor…" not in label
    assert claim_label({"text": "Why?", "claim_type": "question"}) == "? Why?"
    assert claim_label({"text": ""}) == " "  # pyvis would show the id instead
    card = post_label({"author": "x" * 40, "text": "First\nwords here", "status": "ok"})
    author, words = card.split("\n")
    assert len(author) <= 22 and words == "First words here"
    assert post_label({"author": "", "status": "deleted"}) == "[deleted]"


def test_the_network_is_built_by_pyvis(thread_graph, monkeypatch):
    from pyvis.network import Network

    from argmap.export.html import network

    built = []

    def spy():
        net = Network(directed=True)
        built.append(net)
        return net

    monkeypatch.setattr("argmap.export.html.data.new_network", spy)
    data = data_block(generate_html(thread_graph))
    assert len(built) == 1 and network.new_network().directed
    assert data["nodes"] == built[0].nodes and data["edges"] == built[0].edges
    assert all("arrows" not in e for e in data["edges"])  # heads come from the style


def test_the_classifier_scores_match_the_model_card():
    from argmap.export.html.panels import measured_scores

    card = (Path(__file__).parents[2] / "docs" / "models" / "stance.md").read_text(
        "utf-8"
    )
    scores = measured_scores()
    assert f"**{scores['argmap.stance_linear.v2']['macro_f1']:.3f}**" in card
    assert f"| {scores['argmap.cue_words.v1']['macro_f1']:.3f} |" in card


def test_key_points_are_left_to_the_report(thread_graph):
    G = thread_graph.copy()
    claim = next(u for u, k in G.nodes(data="kind") if k == "claim")
    G.add_node(f"{SITE}:#point/0", kind="point", site=SITE, text="a point")
    G.add_edge(claim, f"{SITE}:#point/0", key="expresses", relation="expresses")
    data = data_block(generate_html(G))
    assert len(data["nodes"]) == thread_graph.number_of_nodes()
    assert len(data["edges"]) == thread_graph.number_of_edges()
