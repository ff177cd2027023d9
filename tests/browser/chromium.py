"""Headless Chromium through Selenium, with the network blocked and errors watched.

Only the Debian ``chromium`` and ``chromium-driver`` binaries are used: the
driver path is given explicitly, so Selenium Manager never downloads one.
The network is blocked three ways (DNS rules, a dead proxy, DevTools
offline mode) and every request the page makes is recorded, so a test can
prove that a map loads nothing from outside its own file.

``WATCH_JS`` runs in every document and frame before the page's own scripts.
Besides errors and CSP violations it records every sign that injected script
ran (see ``tests/browser/payloads.py``): a write to ``window.__argmap_pwned``
(in any frame: frames forward it to the top window), and alert, confirm,
prompt and print, which it replaces so that no dialog can block the session.
``traces`` reads them, with any navigation away from the page.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",  # we run as root in CI containers
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)
LOCAL = (
    "file:",
    "data:",
    "blob:",
    "about:",
    "chrome:",
    "chrome-untrusted:",
    "devtools:",
)
# Installed before any page script runs; DevTools scripts are exempt from the
# page's CSP, so they see errors and violations the page itself could not log.
WATCH_JS = """
window.__errors = [];
window.__csp = [];
(function () {
  var hits = [];
  window.__argmap_hits = hits;
  function record(what) {
    hits.push(String(what));
    try {
      if (window.top !== window) window.top.postMessage("__argmap_pwned:" + what, "*");
    } catch (e) {}
  }
  Object.defineProperty(window, "__argmap_pwned", {
    configurable: false,
    get: function () { return hits.length ? hits[hits.length - 1] : undefined; },
    set: function (value) { record(value); }
  });
  ["alert", "confirm", "prompt", "print"].forEach(function (name) {
    window[name] = function (message) { record(name + "(" + message + ")"); return null; };
  });
  window.addEventListener("message", function (e) {
    if (typeof e.data === "string" && e.data.indexOf("__argmap_pwned:") === 0) {
      hits.push(e.data.slice("__argmap_pwned:".length));
    }
  });
})();
window.addEventListener("error", function (e) {
  var where = e.target && e.target !== window ? " <" + e.target.tagName + ">" : "";
  window.__errors.push(String(e.message || "resource error") + where);
}, true);
window.addEventListener("unhandledrejection", function (e) {
  window.__errors.push("unhandled rejection: " + String(e.reason));
});
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def missing() -> str | None:
    """Why a browser test cannot run here, or None when it can."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.exists():
            return f"{path} not found (apt-get install {package})"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    return None


@contextmanager
def headless_chromium(width: int = 1400, height: int = 900) -> Iterator[Any]:
    """A Selenium Chrome driver on a fresh profile, offline."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="argmap-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        *FLAGS,
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    options.set_capability(
        "goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"}
    )
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {
                "offline": True,
                "latency": 0,
                "downloadThroughput": -1,
                "uploadThroughput": -1,
            },
        )
        driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_JS}
        )
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_map(driver: Any, path: Path, timeout: float = 30.0) -> float:
    """Load a map from a file:// URL; seconds until vis-network first drew."""
    driver.get_log("performance")  # drop what the new-tab page requested
    start = time.perf_counter()
    driver.get(Path(path).resolve().as_uri())
    wait_ready(driver, timeout)
    return time.perf_counter() - start


def wait_ready(driver: Any, timeout: float = 30.0) -> None:
    """Wait until the loaded map has drawn for the first time."""
    start = time.perf_counter()
    while not driver.execute_script("return window.argmapReady === true"):
        if time.perf_counter() - start > timeout:
            raise TimeoutError(
                f"map not drawn after {timeout} s: {page_errors(driver)}"
            )
        time.sleep(0.05)


def arm(driver: Any) -> str:
    """Mark the loaded document, so ``traces`` can tell if it was replaced."""
    token = f"argmap-{time.monotonic_ns()}"
    driver.execute_script("window.__argmap_token = arguments[0]", token)
    return token


def traces(driver: Any, url: str, token: str) -> list[str]:
    """Every sign that injected script ran or the page was hijacked: markers
    and dialogs recorded by WATCH_JS, an open dialog, a navigation away from
    ``url`` (or a reload: ``token`` gone), and a rebased document."""
    from selenium.common.exceptions import NoAlertPresentException

    found: list[str] = []
    try:
        dialog = driver.switch_to.alert
        found.append(f"dialog: {dialog.text}")
        dialog.dismiss()
    except NoAlertPresentException:
        pass
    state = driver.execute_script(
        "return [window.__argmap_hits || null, window.__argmap_token || null,"
        " document.baseURI, location.href]"
    )
    hits, seen_token, base, href = state
    found += [f"ran: {hit}" for hit in hits or []]
    # The map names the focused node in the URL's fragment (#claim=...): a
    # fragment is no navigation, anything else is.
    href, base = href.split("#", 1)[0], base.split("#", 1)[0]
    if href != url:
        found.append(f"navigated to {href}")
    elif seen_token != token:
        found.append("the page was reloaded")
    if base != href:
        found.append(f"base URI changed to {base}")
    return found


def page_errors(driver: Any) -> list[str]:
    """Script errors, CSP violations and console errors seen so far."""
    seen = driver.execute_script(
        "return (window.__errors || []).concat(window.__csp || [])"
    )
    console = [
        e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"
    ]
    return list(seen) + console


def outside_requests(driver: Any) -> list[str]:
    """Every URL the page asked for that is not a local file or a data: URL
    (Chromium's own chrome: pages are not the page's doing)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(LOCAL):
                urls.append(url)
    return urls


def node_offset(driver: Any, node: int) -> tuple[int, int]:
    """Where node ``node`` is drawn, as an offset from the canvas centre
    (the origin Selenium 4 uses for move_to_element_with_offset)."""
    x, y, w, h = driver.execute_script(
        """
        var net = window.argmap.network, id = arguments[0];
        var p = net.canvasToDOM(net.getPositions([id])[id]);
        var c = document.querySelector("#map canvas");
        return [p.x, p.y, c.clientWidth, c.clientHeight];
        """,
        node,
    )
    return round(x - w / 2), round(y - h / 2)


def edge_offset(driver: Any, edge: int) -> tuple[int, int]:
    """The midpoint of a straight edge, as an offset from the canvas centre."""
    x, y, w, h = driver.execute_script(
        """
        var net = window.argmap.network, e = window.argmap.edges.get(arguments[0]);
        var p = net.getPositions([e.from, e.to]);
        var m = net.canvasToDOM({x: (p[e.from].x + p[e.to].x) / 2,
                                 y: (p[e.from].y + p[e.to].y) / 2});
        var c = document.querySelector("#map canvas");
        return [m.x, m.y, c.clientWidth, c.clientHeight];
        """,
        edge,
    )
    return round(x - w / 2), round(y - h / 2)


def pointer(
    driver: Any, offset: tuple[int, int], action: str = "move", duration: int = 250
) -> None:
    """Move to a canvas offset and optionally ``click`` or ``double_click``
    (``duration``: milliseconds each pointer move takes)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    canvas = driver.find_element(By.CSS_SELECTOR, "#map canvas")
    chain = ActionChains(driver, duration=duration).move_to_element_with_offset(
        canvas, *offset
    )
    if action != "move":
        getattr(chain, action)()
    chain.perform()
