(function () {
  "use strict";
  var TIP_CHARS = 280;
  var data = JSON.parse(document.getElementById("argmap-data").textContent);
  var info = data.info, edgeInfo = data.edgeInfo;
  var panel = document.getElementById("panel");
  var overview = panel.cloneNode(true);

  // Every string from the thread goes through textContent: never HTML.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function httpHref(s) {
    if (typeof s !== "string") return null;
    try {
      var u = new URL(s);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }
  function link(href, text) {
    var a = el("a", "ext", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  // Thread text set inside the page's own words ("Post by NAME") is wrapped
  // in a bidi isolate (FSI ... PDI), so a right-to-left override in a name or
  // comment reorders only that text, never the words around it.
  function iso(s) {
    return "\u2068" + s + "\u2069";
  }
  function clip(s, n) {
    if (s.length <= n) return iso(s);
    var cut = n;
    var c = s.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut -= 1;  // keep surrogate pairs whole
    return iso(s.slice(0, cut).replace(/\s+\S*$/, "")) + " …";
  }
  function postOf(i) {
    var n = info[i];
    return n.kind === "post" ? n : n.post >= 0 ? info[n.post] : null;
  }
  function forumHref(i) {
    var p = postOf(i);
    return p && p.link ? httpHref(p.url) : null;
  }
  function who(p) {
    return p ? (p.author ? iso(p.author) : "[" + (p.status || "unknown") + "]") : "";
  }

  function nodeTip(i) {
    var n = info[i], p = postOf(i), box = el("div");
    var head = n.kind === "post" ? who(n) : (n.type || "claim") + " · " + who(p);
    box.appendChild(el("div", "tip-head", head));
    var sub = [];
    if (p && p.time) sub.push(p.time);
    if (n.kind === "post" && n.status && n.status !== "ok") sub.push(n.status);
    if (sub.length) box.appendChild(el("div", "tip-sub", sub.join(" · ")));
    if (n.text) box.appendChild(el("div", "tip-text", clip(n.text, TIP_CHARS)));
    return box;
  }
  function edgeTip(j) {
    var e = edgeInfo[j], box = el("div");
    var name = e.relation === "replies_to" ? "reply · " + (e.stance || "neutral") : e.relation;
    if (e.confidence !== null) name += " · " + e.confidence.toFixed(2);
    box.appendChild(el("div", "tip-head", name));
    if (e.evidence) box.appendChild(el("div", "tip-text", clip(e.evidence, TIP_CHARS)));
    return box;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    n.title = nodeTip(n.id);
    return n;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var item = Object.assign({}, data.edgeStyles[e.s], e);
    delete item.s;
    item.title = edgeTip(e.id);
    return item;
  }));
  var container = document.getElementById("map");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
  network.once("afterDrawing", function () {
    window.argmapReadyMs = performance.now();
    window.argmapReady = true;
  });
  network.fit({animation: false});
  // Keep the whole map in view while the window settles (a page opened in
  // a background tab or a headless browser is sized late), until the
  // reader zooms, drags or jumps somewhere.
  var moved = false;
  network.on("dragStart", function () { moved = true; });
  network.on("zoom", function () { moved = true; });
  new ResizeObserver(function () {
    if (!moved) network.fit({animation: false});
  }).observe(container);

  function jump(i) {
    var b = el("button", null, null);
    b.type = "button";
    b.addEventListener("click", function () { select(i); });
    return b;
  }
  function select(i) {
    moved = true;
    network.selectNodes([i]);
    network.focus(i, {scale: Math.max(network.getScale(), 0.9), animation: false});
    showNode(i);
  }
  function facts(rows) {
    var dl = el("dl");
    rows.forEach(function (r) {
      if (r[1] === "" || r[1] === null || r[1] === undefined) return;
      dl.appendChild(el("dt", null, r[0]));
      var dd = el("dd");
      if (r[1] instanceof Node) dd.appendChild(r[1]); else dd.textContent = String(r[1]);
      dl.appendChild(dd);
    });
    return dl;
  }
  function forumRow(i) {
    var p = postOf(i);
    if (!p || !p.url) return ["On forum", ""];
    var href = forumHref(i);
    return ["On forum", href ? link(href, "open on forum ↗") : iso(p.url) + " (not a web link)"];
  }
  function relationItem(j, other, arrow) {
    var e = edgeInfo[j], li = el("li"), b = jump(other);
    var name = e.relation === "replies_to" ? "reply (" + (e.stance || "neutral") + ")" : e.relation;
    b.appendChild(el("span", "tag " + (e.stance || e.relation), name));
    var o = info[other];
    b.appendChild(document.createTextNode(" " + arrow + " " + clip(o.text || who(postOf(other)), 90)));
    if (e.confidence !== null) b.appendChild(el("div", "tip-sub", "confidence " + e.confidence.toFixed(2)));
    if (e.evidence) b.appendChild(el("div", "tip-sub", iso(e.evidence)));
    li.appendChild(b);
    return li;
  }
  function relations(i) {
    var ul = el("ul");
    network.getConnectedEdges(i).sort(function (a, b) { return a - b; }).forEach(function (j) {
      var e = edges.get(j);
      if (edgeInfo[j].relation === "contains") return;
      ul.appendChild(e.from === i ? relationItem(j, e.to, "→") : relationItem(j, e.from, "←"));
    });
    return ul.childNodes.length ? ul : null;
  }
  function section(title, body) {
    if (!body) return;
    panel.appendChild(el("h3", null, title));
    panel.appendChild(body);
  }
  function showNode(i) {
    var n = info[i], p = postOf(i);
    panel.replaceChildren();
    if (n.kind === "post") {
      panel.appendChild(el("h2", null, "Post by " + who(n)));
      panel.appendChild(facts([["Time", n.time], ["Status", n.status], ["Depth", n.depth],
        ["Replies", n.replies], ["Claims", n.claims], forumRow(i)]));
    } else {
      panel.appendChild(el("h2", null, (n.type || n.kind || "node") + (p ? " in a post by " + who(p) : "")));
      panel.appendChild(facts([["Time", p ? p.time : ""], forumRow(i)]));
      if (n.post >= 0) {
        var back = jump(n.post);
        back.textContent = "show the whole post";
        panel.appendChild(back);
      }
    }
    panel.appendChild(el("div", "text", n.text || "(no text)"));
    section("Relations", relations(i));
    if (n.kind === "post") section("Claims", claimList(i));
  }
  function claimList(i) {
    var ul = el("ul");
    network.getConnectedNodes(i).sort(function (a, b) { return a - b; }).forEach(function (c) {
      if (info[c].kind !== "claim" || info[c].post !== i) return;
      var li = el("li"), b = jump(c);
      b.textContent = clip(info[c].text, 140);
      li.appendChild(b);
      ul.appendChild(li);
    });
    return ul.childNodes.length ? ul : null;
  }
  function showEdge(j) {
    var e = edgeInfo[j], item = edges.get(j);
    panel.replaceChildren();
    var name = e.relation === "replies_to" ? "Reply (" + (e.stance || "neutral") + ")" : e.relation;
    panel.appendChild(el("h2", null, name));
    panel.appendChild(facts([["Confidence", e.confidence === null ? "" : e.confidence.toFixed(2)],
      ["Evidence", e.evidence ? iso(e.evidence) : ""]]));
    var ul = el("ul");
    ul.appendChild(relationItem(j, item.from, "from"));
    ul.appendChild(relationItem(j, item.to, "to"));
    section("Between", ul);
  }
  function showOverview() {
    panel.replaceChildren();
    Array.prototype.forEach.call(overview.childNodes, function (c) {
      panel.appendChild(c.cloneNode(true));
    });
  }

  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else showOverview();
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) return;
    var href = forumHref(params.nodes[0]);
    if (href) window.open(href, "_blank", "noopener,noreferrer");
  });

  // Links in the header were checked in Python; check again here.
  Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (a) {
    if (!httpHref(a.getAttribute("href"))) a.removeAttribute("href");
  });

  var find = document.getElementById("find"), found = -1;
  find.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var q = find.value.trim().toLowerCase();
    if (!q) return;
    for (var k = 1; k <= info.length; k++) {
      var i = (found + k) % info.length, n = info[i];
      if ((n.author || "").toLowerCase().indexOf(q) >= 0 || n.text.toLowerCase().indexOf(q) >= 0) {
        found = i;
        select(i);
        return;
      }
    }
    find.setCustomValidity("no match");
    find.reportValidity();
  });
  find.addEventListener("input", function () { find.setCustomValidity(""); });
  document.getElementById("fit").addEventListener("click", function () {
    network.unselectAll();
    network.fit({animation: false});
    showOverview();
  });
  window.argmap = {network: network, nodes: nodes, edges: edges, info: info};
})();
