"""How fast the HTML map is to use, in headless Chromium (network blocked).

    python benchmarks/bench_viewer.py                 # n49rw, Pkl and the largest HN thread
    python benchmarks/bench_viewer.py THREAD_FILE ... --runs 3

Each thread is mapped (argmap.map_thread, default classifier), its HTML map
written, and opened RUNS times. Per run it measures, in the page's own clock:

- interactive: navigation start to the end of the page's scripts and a full
  draw of the map (the overview, cards and handlers are all set up by then);
- focus: a click on each overview item (``argmap.select``) and the full
  redraw of the map after it; the same for the opening post (the
  worst case: its neighbourhood is every top-level reply) and for "Reset
  view" (Escape) after each;
- filter: with the opening post in focus (its sub-threads' cards open), a
  relation checkbox toggled, and the confidence slider moved, and the redraw
  after each;
- outline: building the outline of every post (DOM), and until the frame
  after it is drawn (two animation frames).

Targets (issue "A map you can read"): interactive within 2 s, focus and
filter redraws within 100 ms, the outline within 1 s. Prints a Markdown table.
Needs the Debian packages chromium and chromium-driver, and selenium.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SHARED = REPO.parent / "shared" / "corpora"
DEFAULT = (
    SHARED / "reddit" / "reddit-comments-n49rw-announcements-were-back.rec2020.json",
    SHARED / "hn-html" / "hn-item-39232976-pkl-config-language-2024-02.html",
    SHARED / "other" / "hnpwa-api-item-25015967-biden-wins-2020-11.json",
)

# Runs in the page: an action and the full redraw of the map after it
# (vis's redraw() draws synchronously), in milliseconds.
ACT_JS = """
var done = arguments[arguments.length - 1], what = arguments[0];
var t0 = performance.now();
what();
window.argmap.network.redraw();
done(performance.now() - t0);
"""
OUTLINE_JS = """
var done = arguments[arguments.length - 1], t0 = performance.now();
window.argmap.showView("outline");
var built = performance.now() - t0;
requestAnimationFrame(function () { requestAnimationFrame(function () {
  var count = document.querySelectorAll("[data-role=outline]").length;
  window.argmap.showView("map");
  done([built, performance.now() - t0, count]);
}); });
"""


def act(driver, body: str) -> float:
    return driver.execute_async_script(
        "var f = function () { " + body + " };" + ACT_JS.replace("arguments[0]", "f")
    )


def measure(driver, path: Path) -> dict[str, float]:
    from tests.browser import chromium as browser

    driver.get("about:blank")
    browser.open_map(driver, path, timeout=120)
    out = {"interactive": driver.execute_script("return window.argmapReadyMs") / 1000}
    n = driver.execute_script(
        "return document.querySelectorAll('[data-role=overview] li > button.ov-item:enabled').length"
    )
    clicks = [f"document.querySelectorAll('[data-role=overview] li > "
              f"button.ov-item:enabled')[{k}].click();" for k in range(n)]  # fmt: skip
    if not clicks:  # no overview item drawn: focus the first posts instead
        clicks = [f"window.argmap.select({i});" for i in (1, 2, 3, 4, 5)]
    focus, reset = [], []
    for click in clicks:
        focus.append(act(driver, click))
        reset.append(act(driver, "window.argmap.reset();"))
    out["focus"], out["focus_max"] = statistics.median(focus), max(focus)
    out["reset"] = statistics.median(reset)
    # The worst case: the opening post, whose neighbourhood is every top-level reply.
    out["root"] = act(driver, "window.argmap.select(0);")
    act(driver, "window.argmap.reset();")
    # Filters with the opening post in focus: its cards open, the rest faded.
    driver.execute_script("window.argmap.select(0);")
    box = "document.querySelector('[data-role=relation-filter][value=rebuts]')"
    slider = "document.querySelector('[data-role=min-confidence]')"
    filters = [
        act(driver, f"{box}.click();"),
        act(driver, f"{box}.click();"),
        act(driver, f"{slider}.value = '0.2'; {slider}.dispatchEvent(new Event('input'));"),
        act(driver, f"{slider}.value = '0.8'; {slider}.dispatchEvent(new Event('input'));"),
        act(driver, f"{slider}.value = '0.5'; {slider}.dispatchEvent(new Event('input'));"),
    ]  # fmt: skip
    out["filter"] = statistics.median(filters)
    out["filter_max"] = max(filters)
    built, painted, count = driver.execute_async_script(OUTLINE_JS)
    out["outline_dom"], out["outline"], out["outline_posts"] = built, painted, count
    out["errors"] = len(browser.page_errors(driver))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("threads", nargs="*", type=Path, default=list(DEFAULT))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    import argmap
    from tests.browser import chromium as browser

    reason = browser.missing()
    if reason:
        print(f"needs headless Chromium: {reason}", file=sys.stderr)
        return 1
    out_dir = Path(tempfile.mkdtemp(prefix="argmap-bench-viewer-"))
    print("| thread | posts | nodes | edges | page MB | interactive (s) | focus ms "
          "(median / max) | opening post ms | reset ms | filter ms (median / max) | outline ms (DOM / drawn) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    with browser.headless_chromium(1400, 900) as driver:
        driver.set_script_timeout(120)
        for source in args.threads:
            amap = argmap.map_thread(str(source))
            page = amap.write_html(out_dir / f"{amap.stem}.html")
            runs = [measure(driver, page) for _ in range(args.runs)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            G = amap.graph
            posts = sum(1 for _, k in G.nodes(data="kind") if k == "post")
            print(
                f"| {amap.stem} | {posts:,} | {len(G):,} | {G.number_of_edges():,} | "
                f"{page.stat().st_size / 1e6:.1f} | {med['interactive']:.2f} | "
                f"{med['focus']:.0f} / {med['focus_max']:.0f} | {med['root']:.0f} | "
                f"{med['reset']:.0f} | "
                f"{med['filter']:.0f} / {med['filter_max']:.0f} | "
                f"{med['outline_dom']:.0f} / {med['outline']:.0f} "
                f"({int(med['outline_posts']):,} posts) |"
                + (f" {int(med['errors'])} page errors" if med["errors"] else ""),
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
