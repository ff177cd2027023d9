"""Script-injection payloads, each of which leaves a trace when it runs.

Every payload, if a browser ever executes it, sets ``window.__argmap_pwned``
to its own id ("p7"), or sends that id to the top window, or navigates the
page (a refresh, a rebased link); ``chromium.WATCH_JS`` records all of these,
and alert/confirm/prompt/print too. The ids make a hit traceable to one
payload.

Each payload also names the *context* it is built to break out of (raw HTML,
a double-quoted attribute, a JavaScript string, a ``<title>``, ...). The
control test (``test_script_safety.test_the_corpus_is_live``) puts every
payload into its context in a deliberately unsafe page, with no CSP, and
checks that each one marked ``live`` really fires in this Chromium: a payload
that could not fire anywhere would prove nothing when it does not fire in the
map. Payloads marked not live are kept because filters must still treat them
as text (legacy IE and Firefox vectors, other template engines, Unicode
spoofing); ``why`` says why they do not fire here.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

MARK = "window.__argmap_pwned='{id}'"


@dataclass(frozen=True)
class Payload:
    id: str  # "p7": what the payload writes into window.__argmap_pwned
    kind: str  # the payload class, for the report
    text: str
    context: str = "html"  # where the control test puts it (see CONTEXTS)
    live: bool = True  # fires in Chromium when injected into ``context``
    why: str = ""  # why it does not fire here, when not live

    @property
    def is_url(self) -> bool:
        return self.context in ("link", "frame")


# Control-test contexts: "{payload}" is replaced by the payload's text, raw.
CONTEXTS = {
    "html": "<div>{payload}</div>",
    "head": "{payload}",  # placed in <head>
    "attr_dq": '<div title="{payload}">a div with a title</div>',
    "attr_sq": "<input value='{payload}'>",
    "attr_input_dq": '<input value="{payload}">',
    "attr_bare": "<img src={payload}>",
    "link": '<a id="target" href="{payload}">a link</a>',
    "frame": '<iframe src="{payload}"></iframe>',
    "js_string": '<script>var s = "{payload}";</script>',
    "js_template": "<script>var s = `{payload}`;</script>",
    "js_comment": "<script>// {payload}\n</script>",
    "json_script": '<script type="application/json">{"text": "{payload}"}</script>',
    "title": "<title>{payload}</title>",
    "textarea": "<textarea>{payload}</textarea>",
    "style": "<style>{payload}</style>",
    "comment": "<!-- {payload} -->",
    "template": "<template>{payload}</template>",
    "style_attr": '<div style="{payload}">styled</div>',
}

_RAW: list[tuple[str, str, str, bool, str]] = [
    # (kind, text with {m} for the marker statement, context, live, why)
    # --- script tags
    ("script tag", "<script>{m}</script>", "html", True, ""),
    ("script tag", "<ScRiPt >{m}</sCrIpT >", "html", True, ""),
    ("script tag", '<script src="data:text/javascript,{m}"></script>', "html", True, ""),
    ("script tag", "<script\n>{m}</script\n>", "html", True, ""),
    ("script tag", "<scr<script>ipt>{m}</scr</script>ipt>", "html", False,
     "it becomes a script only after a filter strips '<script>' once"),
    ("script tag", '"><script>{m}</script>', "attr_dq", True, ""),
    # --- event handlers
    ("event handler", "<img src=x onerror={m}>", "html", True, ""),
    ("event handler", '<img/src="x"/onerror="{m}">', "html", True, ""),
    ("event handler", "<svg onload={m}>", "html", True, ""),
    ("event handler", "<body onload={m}>", "html", True, ""),
    ("event handler", "<details open ontoggle={m}>", "html", True, ""),
    ("event handler", "<input autofocus onfocus={m}>", "html", True, ""),
    ("event handler", "<video><source onerror={m}></video>", "html", True, ""),
    ("event handler", "<audio src=x onerror={m}>", "html", True, ""),
    ("event handler", "<iframe onload={m}></iframe>", "html", True, ""),
    ("event handler", "<style onload={m}></style>", "html", True, ""),
    ("event handler",
     "<div onmouseover={m} style=position:fixed;inset:0;z-index:9>hover me</div>",
     "html", True, ""),
    ("event handler", "<a onclick={m} id=target>click me</a>", "html", True, ""),
    ("event handler", "<object data=x onerror={m}></object>", "html", True, ""),
    ("event handler", "<textarea autofocus onfocus={m}></textarea>", "html", True, ""),
    ("event handler", '<link rel=stylesheet href="data:," onload={m}>', "html", True, ""),
    # --- javascript:, data:, vbscript: URLs
    ("javascript: URL", "javascript:void({m})", "link", True, ""),
    ("javascript: URL", "jAvAsCrIpT:void({m})", "link", True, ""),
    ("javascript: URL", "&#106;avascript:void({m})", "link", True, ""),
    ("javascript: URL",
     "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;void({m})",
     "link", True, ""),
    ("javascript: URL", "javascript&colon;void({m})", "link", True, ""),
    ("javascript: URL", "java\tscript:void({m})", "link", True, ""),
    ("javascript: URL", "java\nscript:void({m})", "link", True, ""),
    ("javascript: URL", " \x01javascript:void({m})", "link", True, ""),
    ("javascript: URL", "javascript://%0Avoid({m})", "link", True, ""),
    ("javascript: URL", "java\x00script:void({m})", "link", False,
     "the HTML parser turns NUL into U+FFFD, so the scheme is no longer javascript"),
    ("javascript: URL", "java\u200bscript:void({m})", "link", False,
     "a zero-width space stays in the scheme, which is then not javascript"),
    ("http URL breaker", 'https://example.com/?"><script>{m}</script>', "link", True, ""),
    ("http URL breaker", "https://example.com/#' autofocus onfocus='window.__argmap_pwned=\"{id}\"",
     "attr_sq", True, ""),
    ("http URL breaker", 'https://example.com/</a><img src=x onerror={m}>', "html", True, ""),
    ("data: URL", "data:text/html,<script>{m}</script>", "frame", True, ""),
    ("data: URL", "data:text/html;base64,{b64}", "frame", True, ""),
    ("data: URL", "data:text/html,<script>{m}</script>", "link", False,
     "Chromium refuses to navigate the top frame to a data: URL"),
    ("vbscript: URL", 'vbscript:msgbox("{id}")', "link", False,
     "only old Internet Explorer runs vbscript:"),
    # --- SVG and MathML
    ("SVG", "<svg><script>{m}</script></svg>", "html", True, ""),
    ("SVG", "<svg><animate onbegin={m} attributeName=x dur=1s></animate></svg>", "html",
     True, ""),
    ("SVG", ('<svg><a id=target href="javascript:void({m})"><text x=9 y=20>click</text>'
     "</a></svg>"), "html", True, ""),
    ("SVG", "<svg><foreignObject><img src=x onerror={m}></foreignObject></svg>", "html",
     True, ""),
    ("MathML", "<math><mtext><img src=x onerror={m}></mtext></math>", "html", True, ""),
    ("MathML", "<math><mtext><table><mglyph><style><img src=x onerror={m}>", "html",
     False, "mutation XSS: it fires only once a sanitiser serialises and re-parses it"),
    ("MathML", ('<math><maction actiontype="statusline" xlink:href="javascript:void({m})">'
     "x</maction></math>"), "html", False, "MathML links run only in Firefox"),
    # --- attribute breakers
    ("attribute breaker",
     "\" onmouseover=\"{m}\" style=\"position:fixed;inset:0;z-index:9", "attr_dq", True, ""),
    ("attribute breaker", "' autofocus onfocus='window.__argmap_pwned=\"{id}\"' x='",
     "attr_sq", True, ""),
    ("attribute breaker", '" autofocus onfocus="{m}" x="', "attr_input_dq", True, ""),
    ("attribute breaker", '"><img src=x onerror={m}>', "attr_dq", True, ""),
    ("attribute breaker", "x onerror={m}", "attr_bare", True, ""),
    # --- template breakers
    ("template breaker", '{{{{constructor.constructor("{m}")()}}}}', "html", False,
     "needs an AngularJS-style template engine; the map uses none"),
    ("template breaker", "${{{m}}}", "js_template", True, ""),
    ("template breaker", "</template><img src=x onerror={m}>", "template", True, ""),
    ("template breaker", "<%= {m} %> {{{{= {m} }}}} #{{{m}}}", "html", False,
     "server-side template syntax; nothing renders templates in the page"),
    # --- breaking out of script blocks, JSON, RCDATA, comments, styles
    ("script/JSON breaker", "</script><script>{m}</script>", "json_script", True, ""),
    ("script/JSON breaker", '"; {m}; "', "js_string", True, ""),
    ("script/JSON breaker", '\\"; {m}; //', "js_string", False,
     "it breaks out only where quotes are escaped but backslashes are not"),
    ("script/JSON breaker", "<!--<script>", "json_script", False,
     ("it does not run by itself: it makes the next </script> not end the block, "
     "so the rest of a page is swallowed (the map then would not load)")),
    ("RCDATA breaker", "</title><script>{m}</script>", "title", True, ""),
    ("RCDATA breaker", "</textarea><script>{m}</script>", "textarea", True, ""),
    ("RCDATA breaker", "</style><script>{m}</script>", "style", True, ""),
    ("comment breaker", "--><script>{m}</script><!--", "comment", True, ""),
    ("comment breaker", "--!><script>{m}</script>", "comment", True, ""),
    # --- CSS
    ("CSS", "width: expression({m})", "style_attr", False, "CSS expression() was IE-only"),
    ("CSS", "background:url(javascript:void({m}))", "style_attr", False,
     "browsers never run javascript: URLs from CSS"),
    ("CSS", "</style><img src=x onerror={m}><style>", "style", True, ""),
    # --- navigation, base, frames, objects
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=about:blank#{id}">', "head",
     True, ""),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:void({m})">',
     "head", False, "Chromium ignores a refresh to a javascript: URL"),
    ("base href", '<base href="https://attacker.invalid/{id}/">', "head", True, ""),
    ("iframe srcdoc", ("<iframe srcdoc=\"&lt;script&gt;parent.__argmap_pwned='{id}'"
     '&lt;/script&gt;"></iframe>'), "html", True, ""),
    ("object/embed", "<object data=\"data:text/html,<script>{m}</script>\"></object>",
     "html", True, ""),
    ("object/embed", "<embed src=\"data:text/html,<script>{m}</script>\">", "html", True,
     ""),
    ("form action", ('<form><button id=target formaction="javascript:void({m})">go'
     "</button></form>"), "html", True, ""),
    # --- Unicode tricks
    ("unicode", "\u2028{m}", "js_comment", True, ""),
    ("unicode", "\u2029{m}", "js_comment", True, ""),
    ("unicode", "moc.elpmaxe//:sptth \u202eexe.txt\u202c <b>{id}</b>", "html", False,
     "a right-to-left override spoofs how text reads; it runs nothing"),
    ("unicode", "\uff1cscript\uff1e{m}\uff1c/script\uff1e", "html", False,
     "fullwidth angle brackets are not markup"),
    # --- vis-network: HTML in labels and titles, options smuggled in as data
    ("vis-network", "<b onmouseover={m} style=position:fixed;inset:0;z-index:9>bold</b>",
     "html", True, ""),
    ("vis-network",
     '{{"font": {{"multi": "html"}}, "label": "<i>{id}</i><img src=x onerror={m}>"}}',
     "html", True, ""),
    ("vis-network", "__proto__", "html", False,
     "a name that would pollute prototypes if used as a key; it is only ever text"),
]  # fmt: skip


def _fill(text: str, pid: str) -> str:
    mark = MARK.format(id=pid)
    b64 = base64.b64encode(f"<script>{mark}</script>".encode()).decode()
    return text.format(m=mark, id=pid, b64=b64)


PAYLOADS: list[Payload] = [
    Payload(f"p{n}", kind, _fill(text, f"p{n}"), context, live, why)
    for n, (kind, text, context, live, why) in enumerate(_RAW, start=1)
]

KINDS = sorted({p.kind for p in PAYLOADS})


def by_id(pid: str) -> Payload:
    return next(p for p in PAYLOADS if p.id == pid)
