"""The report as Markdown (CommonMark with GFM tables).

Thread text is anyone's text: every piece of it goes through ``md_text``, so
it cannot open a link, an image, raw HTML, code, emphasis, a table cell or a
new block, and every link target through ``md_url`` (http(s) only, with the
characters that could end the target percent-encoded).
"""

from __future__ import annotations

import re
from typing import Any

from argmap.export.html.safe_text import http_url, one_line, readable_time
from argmap.export.report._data import points_note
from argmap.model import plural

# Inline syntax anywhere in a line: escapes, code, emphasis, links and images,
# raw HTML, autolinks, entities, strikethrough, table cells.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~!])")
# Block syntax only at the start of a line: headings, quotes, lists, rules.
_BLOCK_START = re.compile(r"^([#>+=-]|\d{1,9}(?=[.)]))")
_URL_UNSAFE = re.compile(r"[\s()<>\[\]|\\`\"'*_]")
MAX_TEXT = 280
STANDS = {
    "in": "stands",
    "out": "rebutted, and the rebuttal stands",
    "undec": "undecided",
}


def md_text(value: object, max_len: int = MAX_TEXT, *, line_start: bool = True) -> str:
    """Text that Markdown shows as it is: one line, every special escaped
    (block syntax too, unless the caller puts it mid-line: ``line_start``)."""
    text = one_line(value)
    if len(text) > max_len:
        text = text[: max_len - 1].rstrip() + "…"
    text = _INLINE.sub(r"\\\1", text)
    if not line_start:
        return text
    return _BLOCK_START.sub(
        lambda m: "\\" + m.group(1) if not m.group(1).isdigit() else m.group(1) + "\\",
        text,
    )


def md_url(value: object) -> str:
    """An http(s) URL safe as a link target, or "" for anything else."""
    url = http_url(value)
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", url)


def link(label: str, url: object) -> str:
    """``[label](url)`` with an escaped label; the label alone without a URL."""
    target = md_url(url)
    return f"[{md_text(label)}]({target})" if target else md_text(label)


def _post_link(item: dict[str, Any]) -> str:
    who = item.get("author") or "(unknown)"
    return link(f"post by {who}", item.get("url"))


def _claim_line(item: dict[str, Any]) -> str:
    return f"“{md_text(item.get('text', ''), line_start=False)}” — {_post_link(item)}"


def render(data: dict[str, Any]) -> str:
    out: list[str] = []
    _facts(out, data["facts"])
    _points(out, data["points"])
    view = data["overview"]
    _contested(out, view["contested"])
    _consensus(out, view["agreed"])
    _open_questions(out, view["open_questions"])
    _participants(out, view["people"], data["most_answered"])
    _activity(out, data["timeline"], data["subthreads"], view["hot_subthreads"])
    return "\n".join(out).rstrip() + "\n"


def _facts(out: list[str], f: dict[str, Any]) -> None:
    title = f["title"] or f"{f['site']} thread {f['thread_id']}"
    out += [f"# Report: {md_text(title, 200)}", ""]
    if f["url"]:
        out.append(f"Thread: {link(f['url'], f['url'])}  ")
    if f["link"]:
        out.append(f"Story link: {link(f['link'], f['link'])}  ")
    replies = ", ".join(f"{n} {s}" for s, n in f["replies"].items())
    labels = f["acceptability"]
    out += [
        (
            f"{f['posts']} posts by {f['authors']} people, {f['claims']} claims "
            f"({f['questions']} questions), from {md_text(readable_time(f['first']) or '?', line_start=False)} "
            f"to {md_text(readable_time(f['last']) or '?', line_start=False)}.  "
        ),
        f"Replies to their parent: {replies}.  ",
        (
            f"Which claims stand, over the {f['attacks']} claim rebuttals with confidence "
            f">= {f['threshold']}: {labels['in']} stand, {labels['out']} rebutted, "
            f"{labels['undec']} undecided.  "
        ),
        (
            f"Labelled by {md_text(f['classifier'] or 'an unknown classifier', line_start=False)}; "
            f"argmap {md_text(f['argmap_version'], line_start=False)}."
        ),
    ]
    if not f["complete"]:
        out.append(
            f"\n**Incomplete:** {f['skipped']} items could not be read; the report covers what was."
        )
    out.append("")


def _points(out: list[str], points: list[dict[str, Any]]) -> None:
    out += ["## Top points", ""]
    if not points:
        out += ["No repeated points found.", ""]
        return
    out += [
        md_text(points_note(points), max_len=1000),
        "",
        "| point | people | claims | supports | rebuts | other |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for p in points:
        s = p["stances"]
        other = s["questions"] + s["neutral"] + s["none"]
        out.append(f"| {link(p['text'], p['url'])} | {p['prevalence']} | {p['size']} "
                   f"| {s['supports']} | {s['rebuts']} | {other} |")  # fmt: skip
    out.append("")


def _contested(out: list[str], items: list[dict[str, Any]]) -> None:
    out += ["## Most contested claims", ""]
    if not items:
        out += ["No claim was rebutted with enough confidence.", ""]
    for i, item in enumerate(items, 1):
        strongest = item["strongest"]
        who = ", ".join(md_text(a, 60) for a in item["rebutters"]) or "unknown authors"
        out += [
            f"{i}. {_claim_line(item)}  ",
            (
                f"   {plural(item['rebuttals'], 'rebutting post')} (by {who}); "
                f"**{STANDS.get(item.get('acceptability', ''), 'not labelled')}**.  "
            ),
            f"   Strongest rebuttal ({strongest['confidence']:.2f}): {_claim_line(strongest)}"
            + (
                " — it is itself rebutted"
                if strongest.get("acceptability") == "out"
                else ""
            ),
        ]
    out.append("")


def _consensus(out: list[str], items: list[dict[str, Any]]) -> None:
    out += ["## Consensus", "", "Supported and never rebutted:", ""]
    if not items:
        out.append("- none: no claim was supported and left unrebutted.")
    for item in items:
        backers = (
            ", ".join(md_text(a, 60) for a in item["supporters"]) or "unknown authors"
        )
        out.append(
            f"- {_claim_line(item)} (supported by {plural(item['supports'], 'post')}: {backers})"
        )
    out.append("")


def _open_questions(out: list[str], items: list[dict[str, Any]]) -> None:
    out += ["## Open questions", "", "Questions no reply answered:", ""]
    if not items:
        out.append("- none: every question got an answer.")
    out += [f"- {_claim_line(item)}" for item in items]
    out.append("")


def _participants(
    out: list[str], people: list[dict[str, Any]], answered: list[dict[str, Any]]
) -> None:
    out += [
        "## Participants",
        "",
        "Who argues with whom (posts rebutting the other):",
        "",
    ]
    if not people:
        out.append("- no two people rebutted each other.")
    for pair in people:
        out.append(f"- {md_text(pair['a'], 60)} ↔ {md_text(pair['b'], 60)}: {pair['rebuttals']} "
                   f"({pair['a_to_b']} and {pair['b_to_a']}; {link('example', pair.get('url'))})")  # fmt: skip
    out += [
        "",
        "Most answered (replies to their comments; replies to the story left out):",
        "",
    ]
    if not answered:
        out.append("- no post got a reply.")
    out += [f"- {md_text(a['author'], 60)}: {a['replies']} replies ({a['rebuttals']} rebutting) "
            f"to {a['posts']} posts" for a in answered]  # fmt: skip
    out.append("")


def _activity(
    out: list[str], timeline: dict[str, Any], subthreads: list, hot: list
) -> None:
    out += ["## Timeline", ""]
    if not timeline["posts"]:
        out.append("No post says when it was written.")
    else:
        later = (
            f", the {timeline['later']} later posts in the last"
            if timeline["later"]
            else ""
        )
        out += [(f"From {md_text(timeline['start'], line_start=False)} to "
                 f"{md_text(timeline['end'], line_start=False)} in {len(timeline['posts'])} equal "
                 f"slices{later} (posts / posts rebutting their parent):"), "",
                " ".join(f"{p}/{r}" for p, r in zip(timeline["posts"], timeline["rebuttals"]))]  # fmt: skip
    out += ["", "## Sub-threads", "", "Hottest (densest in rebuttals):", ""]
    if not hot:
        out.append("- none")
    out += [
        f"- {_claim_line(h)}: {plural(h['rebuttals'], 'rebutting post')} of {h['posts']}"
        for h in hot
    ]
    out += ["", "Stance of the replies in the largest sub-threads:", "",
            "| sub-thread | posts | rebuts | supports | questions | neutral |",
            "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for s in subthreads:
        counts = " | ".join(
            str(s["stances"][k]) for k in ("rebuts", "supports", "questions", "neutral")
        )
        out.append(f"| {link(s['text'], s['url'])} | {s['posts']} | {counts} |")
    out.append("")
