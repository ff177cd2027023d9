"""The readable map in headless Chromium: the overview, focus and details,
deep links, filters and the outline, on a small thread with known arguments
(``tests.helpers.argued_graph``) and on the real Pkl thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

import argmap
from argmap.export.html import write_html
from argmap.export.json import write_json
from tests.browser import chromium as browser
from tests.helpers import argued_graph, shared_path

pytestmark = pytest.mark.browser

DETAILS = "return document.querySelector('[data-role=details]').dataset.nodeId || null"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    reason = browser.missing()
    if reason:
        pytest.skip(f"browser test needs headless Chromium: {reason}")
    with browser.headless_chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def argued(tmp_path_factory) -> tuple[Path, Any]:
    G = argued_graph()
    return write_html(G, tmp_path_factory.mktemp("viewer") / "argued.html"), G


def open_page(driver: Any, path: Path) -> None:
    driver.get("about:blank")  # the same URL again would only change the fragment
    browser.open_map(driver, path)
    driver.get_log("browser")


def items(driver: Any, role: str) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-role=' + arguments[0]"
        " + '] > li')).map(function (li) { return li.dataset.nodeId; })",
        role,
    )


def test_the_overview_lists_contested_points_never_the_root(chromium, argued):
    path, G = argued
    open_page(chromium, path)
    assert chromium.execute_script(
        "return !document.querySelector('[data-role=overview]').hidden"
    )  # shown first
    contested = items(chromium, "contested")
    assert contested[0] == "hackernews:2#0"  # two rebuttals, from carol and frank
    root = "hackernews:1"
    assert all(G.nodes[c]["kind"] == "claim" and c != root for c in contested)
    assert G.graph["title"] not in [G.nodes[c]["text"] for c in contested]
    assert "hackernews:9#0" in items(chromium, "open-questions")
    assert items(chromium, "people")  # bob and carol rebut each other
    text = chromium.execute_script(
        "return document.querySelector('[data-role=contested] > li').textContent"
    )
    assert "carol" in text and "frank" in text  # who disputes it, without hovering
    assert "That is not true" in text  # its strongest rebuttal, inline


def test_every_data_node_id_is_a_node_of_the_json_export(chromium, argued, tmp_path):
    import json

    path, G = argued
    exported = json.loads(write_json(G, tmp_path / "m.json").read_text("utf-8"))
    ids = {n["id"] for n in exported["nodes"]}
    open_page(chromium, path)
    chromium.execute_script("window.argmap.showView('outline')")
    found = chromium.execute_script(
        "return Array.from(document.querySelectorAll('[data-node-id]'))"
        ".map(function (e) { return e.dataset.nodeId; })"
    )
    assert len(found) > len(G) / 2 and set(found) <= ids


def test_clicking_a_contested_point_focuses_it(chromium, argued):
    path, _ = argued
    open_page(chromium, path)
    chromium.execute_script(
        "document.querySelector('[data-role=contested] > li > button').click()"
    )
    assert chromium.execute_script(DETAILS) == "hackernews:2#0"
    assert chromium.execute_script("return location.hash") == "#claim=" + quote(
        "hackernews:2#0", safe=""
    )
    # Its neighbourhood stands out: the rebuttals; an unrelated claim fades.
    state = chromium.execute_script(
        "var a = window.argmap, f = function (nid) {"
        "  var i = a.info.findIndex(function (n) { return n.nid === nid; });"
        "  return a.nodes.get(i).color.background; };"
        "return [f('hackernews:3#0'), f('hackernews:7#0'), f('hackernews:5#0')];"
    )
    assert state[0] == state[1] != state[2]
    chromium.find_element("css selector", "body").send_keys("\ue00c")  # Escape
    assert chromium.execute_script(DETAILS) is None
    assert chromium.execute_script("return location.hash") == ""


@pytest.mark.parametrize(
    "kind, nid", [("claim", "hackernews:8#0"), ("post", "hackernews:4")]
)
def test_a_deep_link_opens_focused_there(chromium, argued, kind, nid):
    path, _ = argued
    url = path.resolve().as_uri() + f"#{kind}={quote(nid, safe='')}"
    chromium.get("about:blank")
    chromium.get(url)
    browser.wait_ready(chromium)
    assert chromium.execute_script(DETAILS) == nid
    selected = chromium.execute_script(
        "return window.argmap.network.getSelectedNodes()"
    )
    info = chromium.execute_script("return window.argmap.info")
    assert [info[i]["nid"] for i in selected] == [nid]
    assert browser.page_errors(chromium) == []


def test_filters_hide_and_show_edges(chromium, argued):
    path, _ = argued
    open_page(chromium, path)
    js = chromium.execute_script

    def shown() -> list[list]:
        return js(
            "var a = window.argmap; return a.edges.get({filter: function (e) {"
            " return !e.hidden; }}).map(function (e) {"
            " var r = a.edgeInfo[e.id]; return [r.relation, r.confidence]; });"
        )

    first = shown()
    relations = {r for r, _ in first}
    # At first: rebuts, supports, questions and replies; no neutral, no
    # post-claim link, nothing below the 0.5 confidence threshold.
    assert {"rebuts", "supports", "questions", "replies_to"} <= relations
    assert not relations & {"neutral", "contains"}
    stance = ("rebuts", "supports", "questions", "neutral")
    assert all(c >= 0.5 for r, c in first if r in stance)
    box = chromium.find_element(
        "css selector", "[data-role=relation-filter][value=rebuts]"
    )
    box.click()
    assert "rebuts" not in {r for r, _ in shown()}
    box.click()
    assert shown() == first
    js(
        "var s = document.querySelector('[data-role=min-confidence]');"
        "s.value = '0'; s.dispatchEvent(new Event('input'));"
    )
    assert ["supports", 0.3] in shown()  # a low-confidence edge, drawn faint
    chromium.find_element(
        "css selector", "[data-role=relation-filter][value=neutral]"
    ).click()
    assert ["neutral", 0.3] in shown()
    js(
        "var s = document.querySelector('[data-role=min-confidence]');"
        "s.value = '0.85'; s.dispatchEvent(new Event('input'));"
    )
    assert all(c >= 0.85 for r, c in shown() if r in stance)
    # The search box still finds what the filters hide.
    find = chromium.find_element("id", "find")
    find.send_keys("Low-confidence", "\ue007")
    assert js(DETAILS) == "hackernews:10#1"


def test_the_outline_has_one_entry_per_post_and_reads_by_keyboard(chromium, argued):
    path, G = argued
    open_page(chromium, path)
    js = chromium.execute_script
    chromium.find_element("id", "tab-outline").click()
    entries = js(
        "return Array.from(document.querySelectorAll('[data-role=outline]'))"
        ".map(function (e) { return e.dataset.nodeId; })"
    )
    posts = [u for u, k in G.nodes(data="kind") if k == "post"]
    assert sorted(entries) == sorted(posts)
    assert js("return document.querySelector('[role=tree]') !== null")
    # Arrow keys move between posts; Enter opens the details.
    first = chromium.find_element("css selector", "[data-role=outline]")
    first.click()
    active = "return document.activeElement.dataset.nodeId"
    start = js(active)
    chromium.switch_to.active_element.send_keys("\ue015")  # ArrowDown
    moved = js(active)
    assert moved != start and moved in posts
    chromium.switch_to.active_element.send_keys("\ue007")  # Enter
    assert js(DETAILS) == moved
    # A chip names what a claim answers, and jumps there.
    chip = js(
        "var c = document.querySelector('.ol-claim[data-node-id=\"hackernews:3#0\"] .chip');"
        "return c.textContent"
    )
    assert chip.startswith("rebuts @") and "bob" in chip and "C++ has decades" in chip
    js(
        "document.querySelector('.ol-claim[data-node-id=\"hackernews:3#0\"] .chip').click()"
    )
    assert js(DETAILS) == "hackernews:2#0"
    # Collapsing hides the replies.
    js("document.querySelector('[data-node-id=\"hackernews:2\"] .twisty').click()")
    assert not chromium.find_element(
        "css selector", "[data-role=outline][data-node-id='hackernews:3']"
    ).is_displayed()
    assert browser.page_errors(chromium) == []


def test_the_footer_names_the_classifier_and_its_score(chromium, argued):
    path, _ = argued
    open_page(chromium, path)
    footer = chromium.execute_script(
        "return document.querySelector('[data-role=classifier]').textContent"
    )
    assert "argmap.stance_linear.v2" in footer and "0.44" in footer


def test_the_pkl_map_says_who_disputes_what(chromium, tmp_path):
    source = shared_path(
        "corpora", "hn-html", "hn-item-39232976-pkl-config-language-2024-02.html"
    )
    amap = argmap.map_thread(str(source))
    path = amap.write_html(tmp_path / "pkl.html")
    open_page(chromium, path)
    contested = items(chromium, "contested")
    root = next(
        u
        for u, d in amap.graph.nodes(data=True)
        if d["kind"] == "post" and not d["parent"]
    )
    assert len(contested) >= 3 and root not in contested
    lines = chromium.execute_script(
        "return Array.from(document.querySelectorAll('[data-role=contested] > li'))"
        ".map(function (li) { return li.textContent; })"
    )
    assert all("rebuttal" in line and "@" in line for line in lines)
    # A big thread starts as sub-thread cards; focusing a point opens its card.
    cards = "return window.argmap.nodes.getIds().filter(function (id) { return String(id).indexOf('card:') === 0; }).length"
    before = chromium.execute_script(cards)
    assert before > 10
    chromium.execute_script(
        "document.querySelector('[data-role=contested] > li > button').click()"
    )
    assert chromium.execute_script(DETAILS) == contested[0]
    assert chromium.execute_script(cards) < before
    drawn = chromium.execute_script(
        "var nid = arguments[0], a = window.argmap;"
        "var i = a.info.findIndex(function (n) { return n.nid === nid; });"
        "return a.nodes.get(i) !== null && a.network.getSelectedNodes()[0] === i",
        contested[0],
    )
    assert drawn
    chromium.find_element("css selector", "body").send_keys("\ue00c")  # Escape
    assert chromium.execute_script(cards) == before
    assert browser.page_errors(chromium) == []


def test_a_notebook_cell_draws_the_map_in_its_sandbox(chromium, argued, tmp_path):
    from argmap.pipeline import ArgumentMap

    _, G = argued
    cell = ArgumentMap(thread=None, claims=[], relations=[], graph=G)._repr_html_()
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><html><body>{cell}</body></html>", "utf-8")
    chromium.get(host.resolve().as_uri())
    chromium.switch_to.frame(chromium.find_element("tag name", "iframe"))
    try:
        browser.wait_ready(chromium)
        # Scripts run (the overview is drawn) but the frame has no origin of
        # its own: it cannot reach the notebook's page.
        assert items(chromium, "contested")[0] == "hackernews:2#0"
        assert (
            chromium.execute_script(
                "try { return window.parent.document && 'reached'; } catch (e) { return 'blocked'; }"
            )
            == "blocked"
        )
        chromium.execute_script(
            "document.querySelector('[data-role=contested] > li > button').click()"
        )
        assert chromium.execute_script(DETAILS) == "hackernews:2#0"
        assert browser.page_errors(chromium) == []
    finally:
        chromium.switch_to.default_content()
