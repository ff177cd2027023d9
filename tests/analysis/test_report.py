"""The report of a hand-made debate, hostile text in it, the CLI and its writes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from argmap.analysis.acceptability import grounded
from argmap.cli import app
from argmap.export.json import write_json
from argmap.export.report import Report
from argmap.export.report.markdown import md_text, md_url
from tests.helpers import add_point, debate

URL = "https://news.ycombinator.com/item?id="
SECTIONS = ["Top points", "Most contested claims", "Consensus", "Open questions", "Participants",
            "Timeline", "Sub-threads"]  # fmt: skip


def section(markdown: str, title: str) -> str:
    return markdown.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_report_names_the_known_contested_claim_consensus_and_open_question():
    report = Report.from_graph(debate())
    md = report.markdown()
    contested = section(md, "Most contested claims")
    first, second = contested.strip().split("\n2. ")
    assert first.startswith(f"1. “Tabs are better than spaces.” — [post by op]({URL}1)")
    # Rebutted by 2#0, whose own rebuttal by 3#0 stands: 1#1 stands again.
    assert (
        "**stands**" in first
        and "Strongest rebuttal (0.90): “Spaces are better.”" in first
    )
    assert "it is itself rebutted" in first
    assert second.startswith(f"“Spaces are better.” — [post by alice]({URL}2)")
    assert "**rebutted, and the rebuttal stands**" in second and "(by bob)" in second
    assert "dave" not in contested, "a rebuttal below the threshold does not count"
    assert (
        f"“No, tabs win.” — [post by bob]({URL}3) (supported by 1 post: erin)"
        in section(md, "Consensus")
    )
    assert section(md, "Open questions").count("\n- ") == 1
    assert f"“Why does anyone care?” — [post by carol]({URL}4)" in section(
        md, "Open questions"
    )
    assert "No repeated points found." in section(md, "Top points")
    assert (
        "Which claims stand, over the 2 claim rebuttals with confidence >= 0.5: 6 stand, 1 rebutted"
        in md
    )


def test_the_report_lists_key_points_with_prevalence_and_stance_split():
    G = debate()
    add_point(G, "Tabs win.", ["hackernews:3#0", "hackernews:6#0"], prevalence=2)
    md = Report.from_graph(G).markdown()
    # 3#0 rebuts what it answers, 6#0 supports it; no member says it word for
    # word, so the link goes to the first member's post.
    assert f"| [Tabs win.]({URL}3) | 2 | 2 | 1 | 1 | 0 |" in section(md, "Top points")


@pytest.mark.parametrize(
    "method, says",
    [("argmap.points_lexical.v1", "share their wording"),
     ("argmap.points_minilm.v2", "near-identical"),
     ("a plug-in method", "Grouped by a plug-in method.")],
)  # fmt: skip
def test_the_report_says_how_its_points_were_grouped(method, says):
    G = debate()
    add_point(
        G,
        "Tabs win.",
        ["hackernews:3#0", "hackernews:6#0"],
        prevalence=2,
        method=method,
    )
    report = Report.from_graph(G)
    assert says in section(report.markdown(), "Top points")
    assert says in report.html()


def test_report_data_is_the_overview_plus_links_and_acceptability():
    from argmap.analysis.overview import overview

    G = debate()
    data = Report.from_graph(G).data
    plain = overview(G)
    assert [i["node"] for i in data["overview"]["contested"]] == [
        i["node"] for i in plain["contested"]
    ]
    assert data["overview"]["contested"][0]["acceptability"] == "in"
    assert data["overview"]["contested"][0]["strongest"]["url"] == f"{URL}2"
    json.dumps(data)  # plain data, as the overview is


HOSTILE = {
    "2": "<script>window.__argmap_pwned=1</script> ](javascript:alert(1)) [x](javascript:alert(2))",
    "3": "| a | b |\n|---|---|\n`code` **bold** <img src=x onerror=alert(3)> &amp;",
    "4": "# heading?\n\n> quote\n1. list -- ![img](http://evil.example/x.png)?",
}


def hostile_report() -> Report:
    authors = {"2": "<b>alice</b>", "3": "bob|`x`", "4": "[carol](javascript:alert(4))"}
    return Report.from_graph(debate(HOSTILE, authors))


def test_hostile_text_cannot_change_the_markdown_structure():
    md = hostile_report().markdown()
    for line in md.splitlines():
        if line.startswith("|") and "sub-thread" not in line and "---" not in line:
            # Every unescaped | of a table row is one of the row's own 7 cells.
            assert len(re.findall(r"(?<!\\)\|", line)) == 7, line
    assert "<" not in md.replace("\\<", ""), "no raw HTML"
    assert not re.search(r"(?<!\\)`", md), "no code span"
    headings = [line for line in md.splitlines() if line.startswith(("#", ">"))]
    assert headings == ["# Report: Tabs or spaces"] + [f"## {t}" for t in SECTIONS]
    # Every link is an http(s) link argmap made.
    targets = re.findall(r"(?<!\\)\]\(([^)]*)\)", md)
    assert targets and all(
        t.startswith("https://news.ycombinator.com/") for t in targets
    )


def test_hostile_markdown_renders_to_text_and_argmap_links_only():
    markdown_it = pytest.importorskip("markdown_it")
    html = (
        markdown_it.MarkdownIt("commonmark")
        .enable(["table", "strikethrough"])
        .render(hostile_report().markdown())
    )
    soup = BeautifulSoup(html, "lxml")
    made = {"html", "body", "h1", "h2", "p", "br", "ol", "ul", "li", "a", "strong", "table", "thead", "tbody", "tr", "th", "td"}  # fmt: skip
    assert {tag.name for tag in soup.find_all(True)} <= made
    assert {a["href"] for a in soup.find_all("a")} <= {f"{URL}{i}" for i in range(1, 7)}
    assert (
        "<script>window.__argmap_pwned=1</script> ](javascript:alert(1))"
        in soup.get_text()
    )


def test_markdown_escapes_render_back_to_the_text():
    markdown_it = pytest.importorskip("markdown_it")
    text = "a <b> [c](javascript:d) `e` *f* _g_ | h & i ~~j~~ \\ k"
    html = markdown_it.MarkdownIt("commonmark").render(md_text(text))
    assert BeautifulSoup(html, "lxml").get_text().strip() == text
    assert md_text("# not a heading").startswith("\\#") and md_text(
        "1. no list"
    ).startswith("1\\.")


def test_link_targets_are_http_only_and_cannot_end_early():
    assert md_url("javascript:alert(1)") == ""
    assert md_url("https://x.example/a b)c|d") == ""  # whitespace: not a URL at all
    assert md_url("https://x.example/a)c|d<e>") == "https://x.example/a%29c%7Cd%3Ce%3E"


def test_hostile_text_is_escaped_in_the_html():
    page = hostile_report().html()
    soup = BeautifulSoup(page, "lxml")
    assert [
        tag.name for tag in soup.find_all(["script", "img", "iframe", "object", "b"])
    ] == []
    assert "<script>" not in page and "&lt;script&gt;" in page
    for a in soup.find_all("a"):
        assert a["href"].startswith("https://news.ycombinator.com/"), a
        assert set(a["rel"]) >= {"noopener", "noreferrer"}
    csp = soup.find("meta", {"http-equiv": "Content-Security-Policy"})["content"]
    assert (
        "default-src 'none'" in csp
        and "script-src 'none'" in csp
        and "unsafe" not in csp
    )
    assert not re.search(r"\s(src|href)=\"(?!https://news)", page), "no remote asset"
    assert not soup.find_all(attrs={"style": True}), (
        "the CSP would block style attributes"
    )


def test_report_writes_both_files_atomically(tmp_path):
    report = Report.from_graph(debate())
    (tmp_path / "hackernews-1-report.md").write_text("old")
    paths = report.write(tmp_path)
    assert {p.name for p in paths.values()} == {
        "hackernews-1-report.md",
        "hackernews-1-report.html",
    }
    assert paths["md"].read_text(encoding="utf-8") == report.markdown()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "hackernews-1-report.html",
        "hackernews-1-report.md",
    ]


def test_a_failed_render_leaves_the_old_report(tmp_path, monkeypatch):
    report = Report.from_graph(debate())
    old = tmp_path / "hackernews-1-report.md"
    old.write_text("old")

    def broken(self):
        raise RuntimeError("render failed")

    monkeypatch.setattr(Report, "html", broken)
    with pytest.raises(RuntimeError):
        report.write(tmp_path)
    assert old.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == [
        old.name
    ]


def run(*args: str):
    return CliRunner().invoke(app, ["report", *args])


def test_cli_reports_a_map_json(tmp_path):
    map_json = write_json(debate(), tmp_path / "map.json")
    result = run(str(map_json), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output + result.stderr
    md = (tmp_path / "out" / "hackernews-1-report.md").read_text(encoding="utf-8")
    assert md == Report.from_graph(debate()).markdown()
    assert (
        (tmp_path / "out" / "hackernews-1-report.html")
        .read_text(encoding="utf-8")
        .startswith("<!DOCTYPE html>")
    )


def test_cli_annotates_a_map_written_before_the_analysis_stage(tmp_path):
    G = debate()
    del G.graph["acceptability_threshold"]
    for _, d in G.nodes(data=True):
        d.pop("acceptability", None), d.pop("strength", None)
    result = run(str(write_json(G, tmp_path / "old.json")), "-o", str(tmp_path), "-q")
    assert result.exit_code == 0, result.stderr
    assert "**stands**" in (tmp_path / "hackernews-1-report.md").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "is neither a thread URL"),
        (
            '{"directed": true, "multigraph": true, "graph": {}, "nodes": [], "edges": []}',
            "not an argmap map",
        ),
        (
            (
                '{"directed": true, "multigraph": true, "graph": {"site": "x", "thread_id": "1"}, '
                '"nodes": [{"id": "a", "kind": "post", "depth": "deep"}], "edges": []}'
            ),
            "depth 'deep'",
        ),
        (
            (
                '{"directed": true, "multigraph": true, "graph": {"site": "x", "thread_id": "1"}, '
                '"nodes": [{"id": "a"}], "edges": [{"source": "a", "target": "b"}]}'
            ),
            "no kind",
        ),
        ("{not json", "not valid JSON"),
    ],
    ids=["missing", "not-argmap", "bad-type", "no-kind", "broken-json"],
)
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path, content, expected):
    path = tmp_path / "in.json"
    if content is not None:
        path.write_text(content)
    result = run(str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1, (
        result.stderr
    )
    assert "Traceback" not in result.output + result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_refuses_a_classifier_for_a_map_that_is_made(tmp_path):
    map_json = write_json(debate(), tmp_path / "map.json")
    result = run(
        str(map_json), "--classifier", "argmap.cue_words.v1", "-o", str(tmp_path)
    )
    assert result.exit_code == 2 and "is a map already" in result.stderr


def test_cli_refuses_an_output_folder_that_is_a_file(tmp_path):
    map_json = write_json(debate(), tmp_path / "map.json")
    (tmp_path / "file").write_text("x")
    result = run(str(map_json), "-o", str(tmp_path / "file"))
    assert result.exit_code == 16 and "is a file, not a folder" in result.stderr


def test_amap_report_and_acceptability_on_the_bundled_sample():
    import argmap

    amap = argmap.map_thread()
    report = amap.report()
    assert isinstance(report, Report) and str(report) == report.markdown()
    assert report.markdown().startswith(
        "# Report: Open Source AI Is the Path Forward\n"
    )
    labels = amap.acceptability()
    claims = [n for n, d in amap.graph.nodes(data=True) if d["kind"] == "claim"]
    assert sorted(labels) == sorted(claims)
    assert labels == {n: amap.graph.nodes[n]["acceptability"] for n in claims}
    assert amap.acceptability(threshold=0.0) == grounded(amap.graph, 0.0)


def test_the_html_report_template_ships_with_the_package():
    import argmap.export.report as report_package

    assert (
        Path(report_package.__file__).parent / "templates" / "report.html.j2"
    ).is_file()
