// The side panel: tooltips, the overview of the argument (computed in
// Python, only shown here) and the details of a node or edge.
var panel = document.getElementById("panel");
var welcome = panel.cloneNode(true);
var overviewBox = document.getElementById("overview");

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

function jump(i) {
  return button(null, null, function () { select(i); });
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
  b.appendChild(el("span", "tag " + (e.stance || e.relation), relationName(e)));
  var o = info[other];
  b.appendChild(document.createTextNode(" " + arrow + " " + clip(o.text || who(postOf(other)), 90)));
  if (e.confidence !== null) b.appendChild(el("div", "tip-sub", "confidence " + e.confidence.toFixed(2)));
  if (e.evidence) b.appendChild(el("div", "tip-sub", iso(e.evidence)));
  li.appendChild(b);
  return li;
}
function relations(i) {
  var ul = el("ul");
  outEdges[i].concat(inEdges[i]).sort(function (a, b) { return a - b; }).forEach(function (j) {
    var e = data.edges[j];
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
  panel.dataset.nodeId = n.nid;
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
  showSide("details");
}
function claimList(i) {
  var ul = el("ul");
  claimsOf[i].forEach(function (c) {
    var li = el("li"), b = jump(c);
    b.textContent = clip(info[c].text, 140);
    li.appendChild(b);
    ul.appendChild(li);
  });
  return ul.childNodes.length ? ul : null;
}
function showEdge(j) {
  var e = edgeInfo[j], item = data.edges[j];
  panel.replaceChildren();
  delete panel.dataset.nodeId;
  panel.appendChild(el("h2", null, e.relation === "replies_to" ? "Reply (" + (e.stance || "neutral") + ")" : e.relation));
  panel.appendChild(facts([["Confidence", e.confidence === null ? "" : e.confidence.toFixed(2)],
    ["Evidence", e.evidence ? iso(e.evidence) : ""]]));
  var ul = el("ul");
  ul.appendChild(relationItem(j, item.from, "from"));
  ul.appendChild(relationItem(j, item.to, "to"));
  section("Between", ul);
  showSide("details");
}
function showWelcome() {
  panel.replaceChildren();
  delete panel.dataset.nodeId;
  Array.prototype.forEach.call(welcome.childNodes, function (c) {
    panel.appendChild(c.cloneNode(true));
  });
}

// Overview: each list item focuses the map and the outline on its node.
function quote(text, n) {
  return "“" + clip(text, n) + "”";
}
function people(names) {
  return names.map(function (a) { return "@" + iso(a); }).join(", ");
}
function overviewList(role, title, items, render, empty) {
  overviewBox.appendChild(el("h3", null, title));
  var ul = el("ul", "ov-list");
  ul.dataset.role = role;
  (items || []).forEach(function (item) {
    // A map too big to draw its claims still shows the post that holds one.
    var li = el("li"), i = byNid[item.node] !== undefined ? byNid[item.node] : byNid[item.post];
    li.dataset.nodeId = item.node;
    var b = button("ov-item", null, function () { select(i); });
    if (i === undefined) { b.disabled = true; b.title = "not drawn on this map"; }
    render(b, item, li);
    li.insertBefore(b, li.firstChild);
    ul.appendChild(li);
  });
  if (!ul.childNodes.length) overviewBox.appendChild(el("p", "hint", empty));
  overviewBox.appendChild(ul);
}
function renderOverview() {
  var ov = data.overview || {}, conf = (ov.min_confidence || 0).toFixed(2);
  overviewBox.replaceChildren();
  overviewBox.appendChild(el("h2", null, "Where the argument is"));
  overviewList("contested", "Most contested claims", ov.contested, function (b, c, li) {
    b.appendChild(el("span", "ov-who", "@" + iso(c.author || "?")));
    b.appendChild(el("span", "ov-text", quote(c.text, 140)));
    b.appendChild(el("span", "ov-count rebuts", c.rebuttals + (c.rebuttals === 1 ? " rebuttal" : " rebuttals") +
      " from " + people(c.rebutters || [])));
    var s = c.strongest;
    if (s && byNid[s.node] !== undefined) {
      var sb = button("ov-strongest", null, function () { select(byNid[s.node]); });
      sb.appendChild(el("span", "tag rebuts", "strongest rebuttal"));
      sb.appendChild(document.createTextNode(" @" + iso(s.author || "?") + ": " + quote(s.text, 120)));
      li.appendChild(sb);
    }
  }, "No claim is rebutted with confidence ≥ " + conf + ".");
  overviewList("agreed", "Where people agree", ov.agreed, function (b, c) {
    b.appendChild(el("span", "ov-who", "@" + iso(c.author || "?")));
    b.appendChild(el("span", "ov-text", quote(c.text, 140)));
    b.appendChild(el("span", "ov-count supports", c.supports + (c.supports === 1 ? " support" : " supports") +
      " from " + people(c.supporters || []) + ", no rebuttal"));
  }, "No claim is supported and unrebutted.");
  overviewList("open-questions", "Open questions", ov.open_questions, function (b, q) {
    b.appendChild(el("span", "ov-who", "@" + iso(q.author || "?")));
    b.appendChild(el("span", "ov-text", quote(q.text, 140)));
  }, "Every question got an answer.");
  overviewList("hot-subthreads", "Hottest sub-threads", ov.hot_subthreads, function (b, h) {
    b.appendChild(el("span", "ov-who", "@" + iso(h.author || "?")));
    b.appendChild(el("span", "ov-text", quote(h.text, 90)));
    b.appendChild(el("span", "ov-count rebuts", h.posts + " posts, " + h.rebuttals + " rebuttals"));
  }, "No sub-thread has rebuttals.");
  overviewList("people", "Who argues with whom", ov.people, function (b, p) {
    b.appendChild(el("span", "ov-who", "@" + iso(p.a) + " ⇄ @" + iso(p.b)));
    b.appendChild(el("span", "ov-count rebuts", p.rebuttals + " rebuttals (" + p.a_to_b + " → , " + p.b_to_a + " ←)"));
  }, "No two people rebut each other.");
  overviewBox.appendChild(el("p", "hint", "Counts use relations with confidence ≥ " + conf +
    ". Click an item to focus the map and the outline on it."));
}

var sideTabs = {overview: document.getElementById("tab-overview"), details: document.getElementById("tab-details")};
function showSide(which) {
  overviewBox.hidden = which !== "overview";
  panel.hidden = which !== "details";
  Object.keys(sideTabs).forEach(function (k) {
    sideTabs[k].setAttribute("aria-selected", String(k === which));
  });
}
