// The map: vis-network drawing the nodes and edges pyvis built, with the
// relation filters, the minimum-confidence slider, focus (fade all but a
// node's neighbourhood), isolating a sub-thread, and a big thread's
// sub-threads shown as cards until opened.
//
// A card is a node of our own, not a vis cluster: a clustered sub-thread's
// nodes are still built and measured by vis, and building every claim box
// up front took most of the load time on big threads (3 of 6 s for n49rw on
// a busy machine). A card's posts and claims are handed to vis when it opens.
var CARD_POSTS = 300;  // threads with more posts start as cards
var CARD_W = 250, CARD_H = 95, CARD_COLS = 6, HOME_ROWS = 3;  // canvas px
var FADED_NODE = {background: "#f4f5f7", border: "#e4e7eb",
  highlight: {background: "#f4f5f7", border: "#11151a"}, hover: {background: "#f4f5f7", border: "#11151a"}};
var FADED_FONT = "#d3d7dc";
var FADED_EDGE = {color: "#e6e8eb", highlight: "#9aa2ad", hover: "#9aa2ad", opacity: 0.35};

var filter = {rebuts: true, supports: true, questions: true, neutral: false,
  replies_to: true, contains: false};
var minConfidence = typeof data.minConfidence === "number" ? data.minConfidence : 0.5;
var focused = null;  // {nodes, edges} of the focused neighbourhood, or null
var isolated = null;  // the nodes kept by "Isolate sub-thread", or null

function filterKey(rel) {
  return rel === "replies_to" || rel === "contains" || isStance(rel) ? rel : "neutral";
}
function edgeShown(j) {
  var e = edgeInfo[j], key = filterKey(e.relation), item = data.edges[j];
  if (!filter[key]) return false;
  if (isStance(e.relation) && e.confidence !== null && e.confidence < minConfidence) return false;
  if (isolated && !(isolated[item.from] && isolated[item.to])) return false;
  return true;
}
// 0 shown, 1 faded, 2 hidden
function nodeStateOf(i) {
  return isolated && !isolated[i] ? 2 : focused && !focused.nodes[i] ? 1 : 0;
}
function edgeStateOf(j) {
  return !edgeShown(j) ? 2 : focused && !focused.edges[j] ? 1 : 0;
}
function edgeColour(j, state) {
  var e = data.edges[j], colour = data.edgeStyles[e.s].color;
  if (state === 1) return FADED_EDGE;
  return e.low ? Object.assign({}, colour, {opacity: 0.45}) : colour;
}
function nodeLook(i, state) {
  var n = data.nodes[i], fade = state === 1;
  return {hidden: state === 2, color: fade ? FADED_NODE : n.color,
    font: Object.assign({}, n.font, fade ? {color: FADED_FONT} : {})};
}
var nodeState = info.map(function () { return 0; });
var edgeState = data.edges.map(function (e) { return edgeStateOf(e.id); });
function nodeItem(i) {
  var item = Object.assign({}, data.nodes[i], nodeLook(i, nodeState[i] = nodeStateOf(i)));
  item.title = nodeTip(i);
  return item;
}
function edgeItem(j) {
  var state = edgeState[j] = edgeStateOf(j);
  var item = Object.assign({}, data.edgeStyles[data.edges[j].s], data.edges[j],
    {hidden: state === 2, color: edgeColour(j, state)});
  delete item.s;
  delete item.low;
  item.title = edgeTip(j);
  return item;
}

// Which nodes vis has: all of them, or on a big thread only the opening post
// and the sub-threads whose cards were opened.
var posts = info.filter(function (n) { return n.kind === "post"; }).length;
var carded = posts > CARD_POSTS;
var loaded = info.map(function (n) { return !carded || n.sub < 0; });
var subNodes = {};
info.forEach(function (n, i) { (subNodes[n.sub] = subNodes[n.sub] || []).push(i); });
var shut = {};  // sub-thread -> true while it is a card
function edgesAmong(list) {
  // The edges touching ``list`` whose both ends vis has, each once.
  var seen = {}, out = [];
  list.forEach(function (i) {
    outEdges[i].concat(inEdges[i]).forEach(function (j) {
      var e = data.edges[j];
      if (!seen[j] && loaded[e.from] && loaded[e.to]) { seen[j] = true; out.push(j); }
    });
  });
  return out;
}

var nodes = new vis.DataSet(info.map(function (n, i) { return i; })
  .filter(function (i) { return loaded[i]; }).map(nodeItem));
var edges = new vis.DataSet(data.edges.filter(function (e) {
  return loaded[e.from] && loaded[e.to];
}).map(function (e) { return edgeItem(e.id); }));
timing.datasets = performance.now();
var container = document.getElementById("map");
var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
timing.network = performance.now();

// Only what changed is handed to vis: a redraw of a 5,000-edge map stays cheap.
function restyle() {
  var nodeUpdates = [], edgeUpdates = [];
  info.forEach(function (n, i) {
    if (!loaded[i]) return;
    var state = nodeStateOf(i);
    if (state === nodeState[i]) return;
    nodeState[i] = state;
    nodeUpdates.push(Object.assign({id: i}, nodeLook(i, state)));
  });
  data.edges.forEach(function (e) {
    var j = e.id;
    if (!loaded[e.from] || !loaded[e.to]) return;
    var state = edgeStateOf(j);
    if (state === edgeState[j]) return;
    edgeState[j] = state;
    edgeUpdates.push({id: j, hidden: state === 2, color: edgeColour(j, state)});
  });
  if (nodeUpdates.length) nodes.update(nodeUpdates);
  if (edgeUpdates.length) edges.update(edgeUpdates);
}
function setFocus(i) {
  focused = i === null ? null : neighbourhood(i);
  restyle();
}
function setIsolated(keep) {
  isolated = keep;
  restyle();
}

// Cards: one a top-level sub-thread, in a grid above the opening post (clear
// of where the sub-threads open), the most rebutted first, so a big thread
// reads as a table of its discussions.
var cards = {}, homeNodes = null;  // what the first view shows: the top rows of cards
function buildCards() {
  var counts = {};
  info.forEach(function (n, i) {
    if (n.sub < 0) return;
    var c = counts[n.sub] || (counts[n.sub] = {posts: 0, rebuts: 0, top: -1});
    if (n.kind === "post" && (c.top < 0 || n.depth < info[c.top].depth)) c.top = i;
    if (n.kind === "post") c.posts += 1;
  });
  edgeInfo.forEach(function (e, j) {
    var n = info[data.edges[j].from];
    if (e.relation === "rebuts" && n.sub >= 0 && counts[n.sub]) counts[n.sub].rebuts += 1;
  });
  var subs = Object.keys(counts).filter(function (sub) { return counts[sub].top >= 0; });
  subs.sort(function (a, b) {
    return counts[b].rebuts - counts[a].rebuts || counts[b].posts - counts[a].posts || a - b;
  });
  var root = data.nodes[0], cols = Math.min(CARD_COLS, Math.max(1, Math.ceil(Math.sqrt(subs.length))));
  var rows = Math.ceil(subs.length / cols);
  homeNodes = [];
  subs.forEach(function (sub, k) {
    var c = counts[sub], top = info[c.top], id = "card:" + sub;
    if (k < cols * HOME_ROWS) homeNodes.push(id);
    var label = (top.author || "[" + top.status + "]").slice(0, 18) + ": " +
      firstWords(top.text, 34).replace(/[\u2068\u2069]/g, "") + "\n" + c.posts +
      (c.posts === 1 ? " post · " : " posts · ") + c.rebuts + " rebuttal" + (c.rebuts === 1 ? "" : "s");
    var tip = el("div");
    tip.appendChild(el("div", "tip-head", "Sub-thread of " + who(top)));
    tip.appendChild(el("div", "tip-sub", c.posts + " posts · " + c.rebuts + " rebuttals · click to open"));
    if (top.text) tip.appendChild(el("div", "tip-text", clip(top.text, TIP_CHARS)));
    cards[sub] = {
      id: id, label: label, title: tip, shape: "box", margin: 8,
      x: root.x + (k % cols - (cols - 1) / 2) * CARD_W,
      y: root.y - 120 - (rows - 1 - Math.floor(k / cols)) * CARD_H,
      borderWidth: 1 + Math.min(5, c.rebuts), font: {size: 16, color: "#1d232b"},
      widthConstraint: {minimum: CARD_W - 30, maximum: CARD_W - 30},
      color: {background: "#ffffff", border: c.rebuts ? "#d55e00" : "#8a929c",
        highlight: {background: "#fff8f3", border: "#11151a"}, hover: {background: "#fff8f3", border: "#11151a"}},
    };
  });
}
function isCard(id) {
  return typeof id === "string" && id.indexOf("card:") === 0;
}
function shutAll() {
  if (!carded) return;
  var back = [], gone = [];
  Object.keys(cards).forEach(function (sub) {
    if (shut[sub]) return;
    shut[sub] = true;
    back.push(cards[sub]);
    (subNodes[sub] || []).forEach(function (i) { if (loaded[i]) gone.push(i); });
  });
  if (!back.length) return;
  edges.remove(edgesAmong(gone));
  nodes.remove(gone);
  gone.forEach(function (i) { loaded[i] = false; });
  nodes.add(back);
}
// Hand cards' posts and claims to vis, all in one update (one update a
// card made focusing the opening post of n49rw take minutes).
var MOST_OPENED = 12;  // cards a focus opens at once; the rest stay cards
function openSubs(subs) {
  var list = [];
  subs.forEach(function (sub) {
    if (!carded || !shut[sub]) return;
    shut[sub] = false;
    (subNodes[sub] || []).forEach(function (i) { list.push(i); });
  });
  if (!list.length) return;
  nodes.remove(subs.map(function (sub) { return "card:" + sub; }));
  list.forEach(function (i) { loaded[i] = true; });
  nodes.add(list.map(nodeItem));
  edges.add(edgesAmong(list).filter(function (j) { return edges.get(j) === null; }).map(edgeItem));
}
function openCard(id) {
  var sub = String(id).slice("card:".length);
  openSubs([sub]);
  return subNodes[sub] || [];
}
// Open the cards holding ``first`` (the focused node and what it answers or
// is answered by directly), then those of ``more``, up to MOST_OPENED cards.
function ensureLoaded(first, more) {
  var subs = [], seen = {};
  first.concat(more || []).forEach(function (i) {
    var sub = String(info[i].sub);
    if (info[i].sub >= 0 && shut[sub] && !seen[sub] && subs.length < MOST_OPENED) {
      seen[sub] = true;
      subs.push(sub);
    }
  });
  openSubs(subs);
}
// The first view: the whole map, or a big thread's most rebutted cards.
function home() {
  network.fit(homeNodes ? {nodes: homeNodes, animation: false} : {animation: false});
}
if (carded) {
  buildCards();
  shutAll();
}
