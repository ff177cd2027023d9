"""No thread text can run as script in the HTML map, checked in headless Chromium.

Every payload of ``payloads.PAYLOADS`` (81, in 21 classes) goes through the real
pipeline: an argmap thread JSON file holds every payload as comment text, as
a user name and in post URLs, and a few more maps hold them in the story
title, the story link, the thread URL and the site name; ``argmap.map_thread``
maps the file and the HTML writer writes the map. Chromium opens each map
offline; the test hovers, clicks and double-clicks posts, claims and arrows,
opens the detail panel for every node and edge, and searches for payloads.
Then nothing may have run (no marker, no dialog), the page may not have
navigated or been rebased, no CSP violation may have been reported (a
violation would mean markup got as far as trying), every element must be one
a clean map has, and every link must be an http(s) link opened with
``rel="noopener noreferrer"``.

The control test first proves the detectors work: each payload marked live
does fire when it is put, raw, into the context it targets, in a page with
no CSP.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import argmap
from argmap.export.html import http_url
from tests.browser import chromium as browser
from tests.browser.payloads import CONTEXTS, KINDS, PAYLOADS, Payload

pytestmark = pytest.mark.browser

SETTLE = 0.25  # seconds given to async handlers (onerror, onbegin, toggle) to fire


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    reason = browser.missing()
    if reason:
        pytest.skip(f"browser test needs headless Chromium: {reason}")
    with browser.headless_chromium() as driver:
        yield driver


# --- the control: the payloads fire where they are built to --------------------------


def control_page(payload: Payload) -> str:
    """``payload`` raw in its context, in a page with no CSP and no escaping."""
    snippet = CONTEXTS[payload.context].replace("{payload}", payload.text)
    head = snippet if payload.context in ("head", "title") else ""
    body = "" if head else snippet
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head>'
        f'<body><p id="start">start</p>{body}<p id="end">end</p></body></html>'
    )


def trigger(driver: Any) -> None:
    """What a reader does: move the mouse, click the target, focus the fields."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    try:
        body = driver.find_element(By.TAG_NAME, "body")
        ActionChains(driver, duration=0).move_to_element(body).move_by_offset(
            5, 5
        ).perform()
        targets = driver.find_elements(By.ID, "target")
        if targets:
            targets[0].click()
    except WebDriverException:
        pass  # the page may have navigated away meanwhile
    driver.execute_script(
        "document.querySelectorAll('input, textarea, select')"
        ".forEach(function (e) { e.focus(); });"
    )


def fired(found: list[str], payload: Payload) -> bool:
    pid = payload.id
    return any(
        t == f"ran: {pid}"
        or (t.startswith(("ran: alert(", "ran: confirm(")) and pid in t)
        or (t.startswith(("navigated to", "base URI changed")) and pid in t)
        for t in found
    )


def run_control(driver: Any, payload: Payload, page: Path) -> list[str]:
    """Load ``payload``'s control page, act on it, and return the traces: as
    soon as it fired, else after SETTLE seconds more."""
    page.write_text(control_page(payload), encoding="utf-8")
    url = page.resolve().as_uri()
    driver.get(url)
    token = browser.arm(driver)
    found = browser.traces(driver, url, token)
    if not fired(found, payload):
        trigger(driver)
        deadline = time.perf_counter() + SETTLE
        while not fired(found, payload) and time.perf_counter() < deadline:
            time.sleep(0.02)
            found = browser.traces(driver, url, token)
    return found


def test_the_corpus_is_live(chromium, tmp_path) -> None:
    """Each live payload fires in this Chromium when injected raw; the others
    are inert here for the reason they give."""
    assert len(PAYLOADS) >= 50 and len({p.id for p in PAYLOADS}) == len(PAYLOADS)
    wrong = []
    for payload in PAYLOADS:
        found = run_control(chromium, payload, tmp_path / f"control-{payload.id}.html")
        if fired(found, payload) != payload.live:
            wrong.append(f"{payload.id} ({payload.kind}, live={payload.live}): {found}")
    assert wrong == []
    # Every class has a payload that fires, but vbscript: (no browser runs it now).
    assert set(KINDS) - {p.kind for p in PAYLOADS if p.live} == {"vbscript: URL"}


# --- the map: every payload in every place thread text reaches ------------------------

#: Elements a map has: the page, the panel, the legend's icons, vis-network's
#: canvas and tooltip. Anything else in the DOM came from thread text.
MAP_TAGS = {
    "html", "head", "meta", "title", "style", "script", "body", "header", "div", "bdi",
    "span", "h1", "h2", "h3", "p", "a", "input", "button", "main", "aside", "details",
    "summary", "ul", "li", "dl", "dt", "dd", "noscript", "canvas", "section",
    "fieldset", "legend", "label", "footer", "code",
    "svg", "line", "path", "circle", "rect",
}  # fmt: skip
#: Payloads typed into the search box (no control characters: they would type keys).
SEARCHED = [p for p in PAYLOADS if p.text.isprintable()][::6]
POINTER_EVERY = 4  # real hover and click on every 4th post; all get a panel by event
CLAIM_EVERY = 12  # every 12th claim
EDGE_EVERY = 37  # every 37th arrow
PANEL_HEADING = "return document.querySelector('#panel h2').textContent"

AUDIT_JS = """
var allowed = arguments[0], problems = [];
function http(s) {
  try { var u = new URL(s); return u.protocol === "http:" || u.protocol === "https:"; }
  catch (e) { return false; }
}
function audit(root, where) {
  Array.prototype.forEach.call(root.querySelectorAll("*"), function (e) {
    var tag = e.tagName.toLowerCase();
    if (allowed.indexOf(tag) < 0) problems.push(where + ": element <" + tag + ">");
    Array.prototype.forEach.call(e.attributes, function (a) {
      if (/^on/i.test(a.name)) problems.push(where + ": " + a.name + " on <" + tag + ">");
      if (/^[\\s\\x00-\\x20]*(javascript|vbscript|data):/i.test(a.value))
        problems.push(where + ": " + a.name + "=" + a.value.slice(0, 40) + " on <" + tag + ">");
    });
    if (tag === "a" && !(e.hasAttribute("href") && http(e.getAttribute("href"))
        && e.rel === "noopener noreferrer" && e.target === "_blank"))
      problems.push(where + ": link " + e.outerHTML.slice(0, 120));
    if (tag === "svg" && !e.closest("#legend")) problems.push(where + ": an svg outside the legend");
  });
}
audit(document, "page");
if (document.scripts.length !== 3) problems.push("page: " + document.scripts.length + " scripts");
if (document.querySelectorAll("style").length !== 2) problems.push("page: extra style");
var pragmas = document.querySelectorAll("meta[http-equiv]");
if (pragmas.length !== 1 || pragmas[0].httpEquiv !== "Content-Security-Policy")
  problems.push("page: meta http-equiv");
// vis-network renders labels on the canvas and titles from our own elements:
// no HTML labels (font.multi) and no string titles (vis would set them as text,
// but a string there means thread text bypassed the page script).
var net = window.argmap.network, body = net.body;
[["node", body.nodes], ["edge", body.edges]].forEach(function (kind) {
  Object.keys(kind[1]).forEach(function (id) {
    var o = kind[1][id].options, what = kind[0] + " " + id;
    if (o.font && o.font.multi) problems.push("vis: font.multi on " + what);
    if (!(o.title instanceof HTMLElement)) problems.push("vis: title of " + what + " is not an element");
    else audit(o.title, "tooltip of " + what);
    if (typeof o.label !== "string" && o.label !== undefined) problems.push("vis: label of " + what);
  });
});
return problems;
"""

PANELS_JS = """
// Open the detail panel of every node and every edge, as a click does, and
// audit the panel each time (a later panel replaces the one before).
var allowed = arguments[0], problems = [], net = window.argmap.network;
var panel = document.getElementById("panel"), shown = 0, links = {};
function check(what) {
  shown += 1;
  Array.prototype.forEach.call(panel.querySelectorAll("*"), function (e) {
    var tag = e.tagName.toLowerCase();
    if (allowed.indexOf(tag) < 0) problems.push(what + ": <" + tag + ">");
    Array.prototype.forEach.call(e.attributes, function (a) {
      if (/^on/i.test(a.name)) problems.push(what + ": " + a.name);
    });
    if (tag === "a") {
      var href = e.getAttribute("href") || "", ok = false;
      try { ok = /^https?:$/.test(new URL(href).protocol); } catch (err) {}
      if (!ok || e.rel !== "noopener noreferrer" || e.target !== "_blank")
        problems.push(what + ": link " + e.outerHTML.slice(0, 120));
      links[href] = true;
    }
  });
}
window.argmap.nodes.getIds().forEach(function (i) {
  net.emit("click", {nodes: [i], edges: []}); check("node " + i);
});
window.argmap.edges.getIds().forEach(function (j) {
  net.emit("click", {nodes: [], edges: [j]}); check("edge " + j);
});
net.emit("click", {nodes: [], edges: []}); check("overview");
return [shown, problems, Object.keys(links)];
"""


def payload_thread() -> dict:
    """An argmap thread file with every payload as text, author and post URL."""
    posts = [
        {"id": "root", "parent": None, "author": "op", "url": "https://forum.example/t/1",
         "text": "Is this map safe? I think it is."},
    ]  # fmt: skip
    for n, payload in enumerate(PAYLOADS):
        parent = "root" if n % 4 == 0 else posts[-1]["id"]
        url = (
            payload.text
            if payload.is_url
            else f"https://forum.example/p/{n}?q={payload.text}"
        )
        text = (
            f"I don't think so: {payload.text}\n\n> {payload.text}\n\n"
            f"- {payload.text}\n- and {payload.id} again?"
        )
        posts.append(
            {
                "id": payload.id,
                "parent": parent,
                "author": payload.text,
                "url": url,
                "text": text,
            }
        )
    return {
        "format": "argmap-thread", "site": "forum", "id": "1",
        "url": "https://forum.example/t/1", "title": "Payloads, all of them",
        "link": "https://example.com/story", "posts": posts,
    }  # fmt: skip


HEADER_MAPS = 4


def header_thread(k: int) -> dict:
    """Payloads in the title, the story link, the thread URL and the site name."""
    group = PAYLOADS[k::HEADER_MAPS]
    urls = [p.text for p in PAYLOADS if p.is_url or p.kind == "http URL breaker"]
    return {
        "format": "argmap-thread",
        "site": group[0].text,
        "id": f"h{k}",
        "url": urls[(2 * k + 1) % len(urls)],
        "title": " ".join(p.text for p in group),
        "link": urls[2 * k % len(urls)],
        "posts": [
            {"id": "1", "parent": None, "author": group[1].text, "text": group[2].text},
            {"id": "2", "parent": "1", "author": "b", "text": f"No. {group[3].text}"},
        ],
    }


def write_map(thread: dict, folder: Path, name: str) -> tuple[Path, Any]:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(thread), encoding="utf-8")
    # The default classifier: its evidence strings quote words of the thread.
    amap = argmap.map_thread(str(path))
    return amap.write_html(folder / f"{name}.html"), amap


@pytest.fixture(scope="module")
def payload_map(tmp_path_factory) -> tuple[Path, Any]:
    return write_map(payload_thread(), tmp_path_factory.mktemp("maps"), "payloads")


def open_armed(driver: Any, path: Path) -> tuple[str, str]:
    browser.open_map(driver, path)
    driver.get_log("browser")  # start the console record with this page
    return path.resolve().as_uri(), browser.arm(driver)


_turn = [0]


def focus_on(driver: Any, node: int) -> tuple[int, int]:
    """Bring ``node`` into view at a readable zoom; its offset from the canvas
    centre. Successive nodes land 120 px apart: two clicks on one spot within
    vis-network's double-tap interval would count as a double-click."""
    _turn[0] += 1
    shift = 60 if _turn[0] % 2 else -60
    driver.execute_script(
        "window.argmap.network.focus(arguments[0],"
        " {scale: 1.4, offset: {x: arguments[1], y: 0}, animation: false});",
        node,
        shift,
    )
    return browser.node_offset(driver, node)


def focus_on_edge(driver: Any, edge: int) -> tuple[int, int] | None:
    """Bring a point of ``edge`` that no node covers into view (its middle if
    free, else a point nearer one end); its offset from the canvas centre, or
    None when nodes cover all the points tried."""
    _turn[0] += 1
    return driver.execute_script(
        """
        var net = window.argmap.network, body = net.body, id = arguments[0];
        var shape = body.edges[id].edgeType, c = document.querySelector("#map canvas");
        var spots = [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9];
        for (var k = 0; k < spots.length; k++) {
          var at = shape.getPoint(spots[k]);
          net.moveTo({position: at, scale: 1.4, offset: {x: arguments[1], y: 0},
                      animation: false});
          var p = net.canvasToDOM(at);
          if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === id)
            return [Math.round(p.x - c.clientWidth / 2), Math.round(p.y - c.clientHeight / 2)];
        }
        return null;
        """,
        edge,
        60 if _turn[0] % 2 else -60,
    )


def tooltip(driver: Any, timeout: float = 1.0) -> str | None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        text = driver.execute_script(
            "var t = document.querySelector('div.vis-tooltip');"
            "return t && t.style.visibility !== 'hidden' ? t.textContent : null"
        )
        if text:
            return text
        time.sleep(0.02)
    return None


def assert_nothing_ran(driver: Any, url: str, token: str) -> None:
    found = browser.traces(driver, url, token)
    assert found == [], f"a payload ran or the page was hijacked: {found}"
    errors = browser.page_errors(driver)
    csp = [
        e for e in errors if "violat" in e.lower() or "content security" in e.lower()
    ]
    assert csp == [], (
        f"markup got as far as a CSP violation (blocked, but it tried): {csp}"
    )
    assert errors == []


def show_everything(driver: Any) -> None:
    """Every relation type and every confidence drawn, through the toolbar."""
    from selenium.webdriver.common.by import By

    for box in driver.find_elements(By.CSS_SELECTOR, "[data-role=relation-filter]"):
        if not box.is_selected():
            box.click()
    driver.execute_script(
        "var s = document.querySelector('[data-role=min-confidence]');"
        "s.value = '0'; s.dispatchEvent(new Event('input'));"
    )


def test_payloads_in_posts_never_run(chromium, payload_map) -> None:
    path, amap = payload_map
    driver, js = chromium, chromium.execute_script
    url, token = open_armed(driver, path)
    allowed = sorted(MAP_TAGS)
    assert js(AUDIT_JS, allowed) == []
    show_everything(driver)

    # Every node's and edge's detail panel, through vis-network's click event.
    shown, problems, links = js(PANELS_JS, allowed)
    # Key points are left to the report: the page draws every other node and edge.
    G = amap.graph
    drawn_nodes = sum(1 for _, kind in G.nodes(data="kind") if kind != "point")
    drawn_edges = sum(1 for *_, rel in G.edges(keys=True) if rel != "expresses")
    assert shown == drawn_nodes + drawn_edges + 1
    assert problems == []
    # The panels linked to every post whose URL is an http(s) URL, and only those.
    web = {
        http_url(d["url"])
        for _, d in amap.graph.nodes(data=True)
        if d["kind"] == "post"
    }
    assert len(links) == len(web - {""}) > 10

    # Every tooltip holds its payload as text (built once, when the map loads).
    info = js("return window.argmap.info")
    posts = {
        n["nid"].split(":", 1)[1]: i for i, n in enumerate(info) if n["kind"] == "post"
    }
    tips = js(
        "return window.argmap.nodes.get().map(function (n) { return n.title.textContent; })"
    )
    assert [p.id for p in PAYLOADS if p.text not in tips[posts[p.id]]] == []

    # A reader's pointer on posts: hover (the tooltip shows), then click (the panel).
    unreadable = []
    for payload in PAYLOADS[::POINTER_EVERY]:
        offset = focus_on(driver, posts[payload.id])
        browser.pointer(driver, offset, duration=0)
        tip = tooltip(driver)
        browser.pointer(driver, offset, "click", duration=0)
        heading = js("return document.querySelector('#panel h2').textContent")
        # The name sits in a bidi isolate (FSI ... PDI): an override in it cannot
        # reorder the words around it.
        isolated = f"Post by \u2068{payload.text}\u2069"
        if not tip or payload.text not in tip or heading != isolated:
            unreadable.append(payload.id)
    # The payload is shown as the text it is: in the tooltip and in the panel.
    assert unreadable == []

    # Claims and arrows under the pointer.
    claims = [i for i, n in enumerate(info) if n["kind"] == "claim"][::CLAIM_EVERY]
    for node in claims:
        offset = focus_on(driver, node)
        browser.pointer(driver, offset, duration=0)
        browser.pointer(driver, offset, "click", duration=0)
        assert js("return document.querySelector('#panel h2').textContent").startswith(
            ("claim", "question", "quote")
        )
    clicked = []
    for edge in range(0, drawn_edges, EDGE_EVERY):
        offset = focus_on_edge(driver, edge)
        if offset is None:
            continue  # a node covers its middle
        browser.pointer(driver, offset, duration=0)
        tip = tooltip(driver)
        browser.pointer(driver, offset, "click", duration=0)
        clicked.append((edge, bool(tip), js(PANEL_HEADING)))
    assert len(clicked) >= 10
    assert all(
        tip and heading != "Payloads, all of them" for _, tip, heading in clicked
    )

    # The search box, fed payloads.
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    find = driver.find_element(By.ID, "find")
    for payload in SEARCHED:
        find.clear()
        find.send_keys(payload.text, Keys.ENTER)
        panel = js("return document.getElementById('panel').textContent")
        assert payload.text in panel, payload.id

    assert js(AUDIT_JS, allowed) == []  # every <a> included: http(s), noopener
    anchors = js("return Array.from(document.querySelectorAll('a')).map(a => a.href)")
    assert len(anchors) >= 2  # the thread and the story link, at least
    assert_nothing_ran(driver, url, token)
    assert browser.outside_requests(driver) == []


def test_double_click_opens_only_web_links(chromium, payload_map) -> None:
    """Double-clicking a post opens it on its forum: only an http(s) URL, in a
    new tab without opener; a javascript: or data: URL opens nothing."""
    path, _amap = payload_map
    driver, js = chromium, chromium.execute_script
    url, token = open_armed(driver, path)
    home = driver.current_window_handle
    info = js("return window.argmap.info")
    opened, refused = [], []
    posts = [(i, n) for i, n in enumerate(info) if n["kind"] == "post"]
    web = [(i, n) for i, n in posts if n["link"]][:4]
    payload_urls = {p.text for p in PAYLOADS if p.is_url}
    for i, n in [(i, n) for i, n in posts if n["url"] in payload_urls] + web:
        before = set(driver.window_handles)
        browser.pointer(driver, focus_on(driver, i), "double_click", duration=0)
        deadline = time.perf_counter() + (1.0 if n["link"] else 0.2)
        while set(driver.window_handles) == before and time.perf_counter() < deadline:
            time.sleep(0.02)
        new = set(driver.window_handles) - before
        (opened if new else refused).append((n["url"], n["link"]))
        for handle in new:
            driver.switch_to.window(handle)
            tab = js("return [location.href, window.opener === null]")
            assert tab[0].startswith(("http://", "https://", "chrome-error://")), tab
            assert tab[1] is True
            driver.close()
        driver.switch_to.window(home)
    assert opened and all(link for _, link in opened)
    assert refused and not any(link for _, link in refused)
    assert {u for u, _ in refused} == {
        u for u in payload_urls if not u.startswith("http")
    }
    assert_nothing_ran(driver, url, token)


@pytest.mark.parametrize("k", range(HEADER_MAPS))
def test_payloads_in_the_title_link_and_site_never_run(chromium, tmp_path, k) -> None:
    from argmap.export.html.safe_text import one_line as _plain

    path, amap = write_map(header_thread(k), tmp_path, f"header-{k}")
    driver, js = chromium, chromium.execute_script
    url, token = open_armed(driver, path)
    title = _plain(amap.graph.graph["title"])
    assert js("return document.querySelector('h1').textContent") == title
    assert driver.title == f"{title} · argmap"
    assert js("return document.querySelector('#panel h2').textContent") == title
    site = js("return document.querySelector('.meta span').textContent")
    assert site == amap.graph.graph["site"]
    offset = focus_on(driver, 0)
    browser.pointer(driver, offset, duration=0)
    assert tooltip(driver)
    browser.pointer(driver, offset, "click", duration=0)
    js("document.getElementById('fit').click()")  # back to the overview (a clone)
    assert js("return document.querySelector('#panel h2').textContent") == title
    assert js(AUDIT_JS, sorted(MAP_TAGS)) == []
    assert_nothing_ran(driver, url, token)


def test_html_string_sinks_are_closed(chromium, payload_map) -> None:
    """Trusted Types (in the CSP, with no policy) turn a string handed to an
    HTML sink into an error: a future innerHTML cannot bring markup back."""
    path, _ = payload_map
    url, token = open_armed(chromium, path)
    outcome = chromium.execute_script(
        """
        var tries = {
          innerHTML: function (s) { document.getElementById("panel").innerHTML = s; },
          insertAdjacentHTML: function (s) { document.body.insertAdjacentHTML("beforeend", s); },
          outerHTML: function (s) { document.querySelector("#panel h2").outerHTML = s; },
          documentWrite: function (s) { document.write(s); },
        };
        return Object.keys(tries).map(function (name) {
          try { tries[name](arguments[0]); return name + ": allowed"; }
          catch (e) { return name + ": " + e.name; }
        });
        """,
        "<img src=x onerror=window.__argmap_pwned='tt'>",
    )
    assert outcome == [
        "innerHTML: TypeError",
        "insertAdjacentHTML: TypeError",
        "outerHTML: TypeError",
        "documentWrite: TypeError",
    ]
    assert browser.traces(chromium, url, token) == []
    chromium.get_log("browser")  # the blocked attempts were reported; that is the point


VIEWS_JS = """
// Click every overview item (and each strongest rebuttal), open the outline,
// click every post row and every chip, and audit the page after each view.
var allowed = arguments[0], problems = [], clicks = 0;
function clickAll(selector) {
  Array.prototype.forEach.call(document.querySelectorAll(selector), function (b) {
    b.click(); clicks += 1;
  });
}
clickAll("[data-role=overview] li button");
window.argmap.showView("outline");
clickAll("[data-role=outline] > .ol-row");
clickAll("[data-role=outline] .chip");
clickAll("[data-role=outline] .twisty");
return clicks;
"""


def test_payloads_never_run_in_the_overview_outline_and_details(
    chromium, payload_map
) -> None:
    """Every view the readable map added (overview, outline with its chips,
    the details it opens, deep links) shows the payloads as text only."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    path, _ = payload_map
    driver, js = chromium, chromium.execute_script
    url, token = open_armed(driver, path)
    allowed = sorted(MAP_TAGS)
    overview = js("return document.querySelector('[data-role=overview]').textContent")
    assert "Most contested claims" in overview
    assert js(VIEWS_JS, allowed) > len(PAYLOADS)
    assert js(AUDIT_JS, allowed) == []
    # The outline holds every post, its author as the text it is.
    outline = js(
        "return Array.from(document.querySelectorAll('[data-role=outline] > .ol-row'))"
        ".map(function (r) { return r.querySelector('.ol-who').textContent; })"
    )
    assert len(outline) == len(PAYLOADS) + 1
    assert [p.id for p in PAYLOADS if p.text.strip() and p.text not in outline] == []
    # Keyboard through the outline: each Enter opens a post's details.
    driver.find_element(By.CSS_SELECTOR, "[data-role=outline]").click()
    for _ in range(0, len(PAYLOADS), 3):
        driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    heading = js("return document.querySelector('#panel h2').textContent")
    assert heading.startswith("Post by \u2068")
    # Claim labels on the canvas are plain strings (checked by AUDIT_JS) that
    # hold the payloads: drawn as text, never parsed.
    labels = js(
        "return window.argmap.nodes.get().map(function (n) { return n.label; })"
    )
    assert sum(1 for p in PAYLOADS if any(p.text.strip() in lb for lb in labels)) > 40
    assert js(AUDIT_JS, allowed) == []
    assert_nothing_ran(driver, url, token)


@pytest.mark.parametrize("k", range(0, len(PAYLOADS), 9))
def test_payloads_in_a_deep_link_never_run(chromium, payload_map, k) -> None:
    """A #claim= or #post= fragment is only looked up, never shown or run,
    URL-encoded or not."""
    from urllib.parse import quote

    path, _ = payload_map
    payload = PAYLOADS[k]
    base = path.resolve().as_uri()
    for fragment in (
        f"#post={quote(payload.text, safe='')}",
        f"#claim={payload.text}",
        f"#post={quote('forum:' + payload.id, safe='')}",  # a real post: it focuses
    ):
        chromium.get("about:blank")
        chromium.get(base + fragment)
        browser.wait_ready(chromium)
        token = browser.arm(chromium)
        assert browser.page_errors(chromium) == []
        assert browser.traces(chromium, base, token) == []
    assert (
        chromium.execute_script(
            "return document.querySelector('[data-role=details]').dataset.nodeId"
        )
        == f"forum:{payload.id}"
    )
