// The map: vis-network drawing the nodes and edges pyvis built, with the
// relation filters, the minimum-confidence slider, focus (fade all but a
// node's neighbourhood), isolating a sub-thread, and big threads' sub-threads
// collapsed into cluster nodes.
var CLUSTER_POSTS = 300;  // threads with more posts start with sub-threads collapsed
var CARD_W = 250, CARD_H = 95, CARD_COLS = 6, HOME_ROWS = 3;  // a collapsed sub-thread's card, in canvas px
var FADED_NODE = {background: "#f4f5f7", border: "#e4e7eb",
  highlight: {background: "#f4f5f7", border: "#11151a"}, hover: {background: "#f4f5f7", border: "#11151a"}};
var FADED_FONT = "#d3d7dc";
var FADED_EDGE = {color: "#e6e8eb", highlight: "#9aa2ad", hover: "#9aa2ad", opacity: 0.35};

var filter = {rebuts: true, supports: true, questions: true, neutral: false,
  replies_to: true, contains: false};
var minConfidence = typeof data.minConfidence === "number" ? data.minConfidence : 0.5;
var focused = null;  // {nodes, edges} of the focused neighbourhood, or null
var isolated = null;  // the nodes kept by "Isolate sub-thread", or null
var baseNode = {};
data.nodes.forEach(function (n) { baseNode[n.id] = {color: n.color, font: n.font}; });

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
function edgeItem(j) {
  var e = data.edges[j];
  var item = Object.assign({}, data.edgeStyles[e.s], e, {hidden: !edgeShown(j)});
  delete item.s;
  delete item.low;
  if (e.low) item.color = Object.assign({}, item.color, {opacity: 0.45});
  return item;
}

var nodes = new vis.DataSet(data.nodes.map(function (n) {
  var item = Object.assign({}, n);
  delete item.sub;
  item.title = nodeTip(n.id);
  return item;
}));
var edges = new vis.DataSet(data.edges.map(function (e) {
  var item = edgeItem(e.id);
  item.title = edgeTip(e.id);
  return item;
}));
timing.datasets = performance.now();
var container = document.getElementById("map");
var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
timing.network = performance.now();

// Only what changed is handed to vis: a redraw of a 5,000-edge map stays cheap.
var nodeState = info.map(function () { return 0; });  // 1 faded, 2 hidden
var edgeState = data.edges.map(function (e) { return edgeShown(e.id) ? 0 : 2; });
function restyle() {
  var nodeUpdates = [], edgeUpdates = [];
  info.forEach(function (n, i) {
    var state = isolated && !isolated[i] ? 2 : focused && !focused.nodes[i] ? 1 : 0;
    if (state === nodeState[i]) return;
    var base = baseNode[i], fade = state === 1;
    nodeState[i] = state;
    nodeUpdates.push({id: i, hidden: state === 2,
      color: fade ? FADED_NODE : base.color,
      font: Object.assign({}, base.font, fade ? {color: FADED_FONT} : {})});
  });
  data.edges.forEach(function (e) {
    var j = e.id, state = !edgeShown(j) ? 2 : focused && !focused.edges[j] ? 1 : 0;
    if (state === edgeState[j]) return;
    edgeState[j] = state;
    edgeUpdates.push({id: j, hidden: state === 2,
      color: state === 1 ? FADED_EDGE : edgeItem(j).color});
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

// Clusters: one node a big sub-thread, with its counts, opened on click.
var clustered = false;
var homeNodes = null;  // what the first view shows: the most rebutted cards
function subthreadCounts() {
  var counts = {};
  info.forEach(function (n, i) {
    if (n.sub < 0) return;
    var c = counts[n.sub] || (counts[n.sub] = {posts: 0, rebuts: 0, top: -1, nodes: 0});
    c.nodes += 1;
    if (n.kind === "post") {
      c.posts += 1;
      if (c.top < 0 || n.depth < info[c.top].depth) c.top = i;
    }
  });
  edgeInfo.forEach(function (e, j) {
    var n = info[data.edges[j].from];
    if (e.relation === "rebuts" && n.sub >= 0 && counts[n.sub]) counts[n.sub].rebuts += 1;
  });
  return counts;
}
// Every top-level sub-thread becomes one card, the cards laid out in a grid
// above the opening post (clear of where the sub-threads open), the most rebutted first: a big thread reads as a
// table of its discussions. Opening a card puts its posts back in place.
function collapse(only) {
  var posts = info.filter(function (n) { return n.kind === "post"; }).length;
  if (posts <= CLUSTER_POSTS) return;
  var counts = subthreadCounts();
  var subs = Object.keys(counts).filter(function (sub) { return counts[sub].top >= 0; });
  subs.sort(function (a, b) {
    return counts[b].rebuts - counts[a].rebuts || counts[b].posts - counts[a].posts || a - b;
  });
  var root = data.nodes[0], cols = Math.min(CARD_COLS, Math.max(1, Math.ceil(Math.sqrt(subs.length))));
  var rows = Math.ceil(subs.length / cols);
  homeNodes = [];
  subs.forEach(function (sub, k) {
    var c = counts[sub], top = info[c.top];
    var label = (top.author || "[" + top.status + "]").slice(0, 18) + ": " +
      firstWords(top.text, 34).replace(/[\u2068\u2069]/g, "") +
      "\n" + c.posts + (c.posts === 1 ? " post · " : " posts · ") + c.rebuts + " rebuttal" + (c.rebuts === 1 ? "" : "s");
    var tip = el("div");
    tip.appendChild(el("div", "tip-head", "Sub-thread of " + who(top) + " (collapsed)"));
    tip.appendChild(el("div", "tip-sub", c.posts + " posts · " + c.rebuts + " rebuttals · click to open"));
    if (top.text) tip.appendChild(el("div", "tip-text", clip(top.text, TIP_CHARS)));
    var x = root.x + (k % cols - (cols - 1) / 2) * CARD_W, y = root.y - 120 - (rows - 1 - Math.floor(k / cols)) * CARD_H;
    var id = c.nodes === 1 ? c.top : "cluster:" + sub;
    if (k < cols * HOME_ROWS) homeNodes.push(id);
    if (only && !only[sub]) return;
    if (c.nodes === 1) {  // vis makes no cluster of one node: move it to its card's place
      network.moveNode(c.top, x, y);
      return;
    }
    network.cluster({
      joinCondition: function (o) { return info[o.id] && String(info[o.id].sub) === sub; },
      clusterNodeProperties: {
        id: "cluster:" + sub, label: label, title: tip, shape: "box", x: x, y: y,
        margin: 8, borderWidth: 1 + Math.min(5, c.rebuts), font: {size: 16, color: "#1d232b"},
        widthConstraint: {minimum: CARD_W - 30, maximum: CARD_W - 30},
        color: {background: "#ffffff", border: c.rebuts ? "#d55e00" : "#8a929c",
          highlight: {background: "#fff8f3", border: "#11151a"}, hover: {background: "#fff8f3", border: "#11151a"}},
      },
    }, false);  // refresh once at the end: a refresh a card cost 40 s on n49rw
  });
  network.body.emitter.emit("_dataChanged");
  clustered = true;
}
// The first view: the whole map, or a big thread's most rebutted cards.
function home() {
  network.fit(homeNodes ? {nodes: homeNodes, animation: false} : {animation: false});
}

// An opened sub-thread's nodes go back where the layout put them (vis would
// pile them all on the card).
function backInPlace(clusterPosition, positions) {
  var out = {};
  Object.keys(positions).forEach(function (id) {
    out[id] = {x: data.nodes[id].x, y: data.nodes[id].y};
  });
  return out;
}
var opened = {};  // sub-threads whose cards were opened since the last reset
function openCluster(id) {
  opened[String(id).slice("cluster:".length)] = true;
  network.openCluster(id, {releaseFunction: backInPlace});
}
function openClusterOf(i) {
  if (!clustered) return;
  var path = network.findNode(i);
  for (var k = 0; k < path.length - 1; k++) {
    if (network.isCluster(path[k])) openCluster(path[k]);
  }
}
// Close the cards opened since the last reset (their nodes are back in place).
function recollapse() {
  if (!clustered || !Object.keys(opened).length) return;
  collapse(opened);
  opened = {};
}
