// The thread as the page knows it: node records (info), edge records
// (edgeInfo), and the indexes the views need: node id -> index, each node's
// edges, each post's parent and replies.
// Milliseconds since navigation at each step of loading (for bench_viewer.py).
var timing = window.argmapTiming = {start: performance.now()};
var data = JSON.parse(document.getElementById("argmap-data").textContent);
timing.parsed = performance.now();
var info = data.info, edgeInfo = data.edgeInfo;
var STANCES = ["rebuts", "supports", "questions", "neutral"];
var byNid = Object.create(null);
info.forEach(function (n, i) { byNid[n.nid] = i; });
var outEdges = info.map(function () { return []; });
var inEdges = info.map(function () { return []; });
var parentOf = info.map(function () { return -1; });
var repliesOf = info.map(function () { return []; });
var claimsOf = info.map(function () { return []; });
data.edges.forEach(function (e) {
  outEdges[e.from].push(e.id);
  inEdges[e.to].push(e.id);
});
info.forEach(function (n, i) {
  if (n.kind === "claim" && n.post >= 0) claimsOf[n.post].push(i);
});
// A post's parent: its replies_to edge (the tree the layout drew).
data.edges.forEach(function (e) {
  if (edgeInfo[e.id].relation === "replies_to" && parentOf[e.from] < 0 && e.from !== e.to) {
    parentOf[e.from] = e.to;
    repliesOf[e.to].push(e.from);
  }
});

function postOf(i) {
  var n = info[i];
  return n.kind === "post" ? n : n.post >= 0 ? info[n.post] : null;
}
function postIndex(i) {
  return info[i].kind === "post" ? i : info[i].post;
}
function forumHref(i) {
  var p = postOf(i);
  return p && p.link ? httpHref(p.url) : null;
}
function who(p) {
  return p ? (p.author ? iso(p.author) : "[" + (p.status || "unknown") + "]") : "";
}
function relationName(e) {
  return e.relation === "replies_to" ? "reply (" + (e.stance || "neutral") + ")" : e.relation;
}
function isStance(rel) {
  return STANCES.indexOf(rel) >= 0;
}

// What a node answers, up to the root, and what answers it, two levels down:
// along claim relations and along the reply tree, with the posts and claims
// on the way.
function neighbourhood(i) {
  var keep = Object.create(null), edgesKept = Object.create(null);
  function add(k) { keep[k] = true; }
  add(i);
  var p = postIndex(i);
  if (p >= 0) add(p);
  // Up: the claims it answers (and theirs), and the posts above it.
  var up = [i], seen = Object.create(null);
  while (up.length) {
    var u = up.pop();
    if (seen[u]) continue;
    seen[u] = true;
    outEdges[u].forEach(function (j) {
      var rel = edgeInfo[j].relation, to = data.edges[j].to;
      if (rel === "contains") return;
      edgesKept[j] = true;
      add(to);
      up.push(to);
    });
  }
  for (var q = p; q >= 0; q = parentOf[q]) {
    add(q);
    if (parentOf[q] >= 0 && keep[parentOf[q]]) break;
  }
  // Down: what answers it, two levels.
  var level = [i].concat(info[i].kind === "post" ? claimsOf[i] : []);
  for (var depth = 0; depth < 2; depth++) {
    var next = [];
    level.forEach(function (v) {
      inEdges[v].forEach(function (j) {
        var rel = edgeInfo[j].relation, from = data.edges[j].from;
        if (rel === "contains") return;
        edgesKept[j] = true;
        if (!keep[from]) next.push(from);
        add(from);
        var fp = postIndex(from);
        if (fp >= 0) add(fp);
        if (info[from].kind === "post") claimsOf[from].forEach(function (c) { next.push(c); });
      });
    });
    level = next;
  }
  // The claims of every post kept, and the contains edges to them.
  Object.keys(keep).forEach(function (k) {
    if (info[k].kind === "post") {
      outEdges[k].forEach(function (j) {
        if (edgeInfo[j].relation === "contains") { edgesKept[j] = true; keep[data.edges[j].to] = true; }
      });
    }
  });
  return {nodes: keep, edges: edgesKept};
}

// Every node of a top-level sub-thread (claims included), for "Isolate".
function subthreadOf(i) {
  var sub = info[i].sub, keep = Object.create(null);
  info.forEach(function (n, k) {
    if (n.sub === sub || (sub >= 0 && n.sub < 0 && n.kind === "post" && parentOf[k] < 0)) keep[k] = true;
  });
  return keep;
}
