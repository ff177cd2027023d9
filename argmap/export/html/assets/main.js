// Wiring: what a click, a key, the toolbar and the URL's #claim= / #post=
// do, and the handle tests and benchmarks use (window.argmap).
var current = -1;  // the focused node, or -1
var moved = false;  // the reader zoomed, dragged or jumped somewhere
var READABLE = 0.7, MOST_ZOOM = 1.2;  // zoom range in which claim text reads well

// Keep the whole map in view while the window settles (a page opened in a
// background tab or a headless browser is sized late), until the reader
// zooms, drags or jumps somewhere.
network.on("dragStart", function () { moved = true; });
network.on("zoom", function () { moved = true; });
new ResizeObserver(function () {
  if (!moved && container.clientWidth > 0) home();  // not while the outline hides it
}).observe(container);

// Focus node i: its neighbourhood stands out, the details panel shows it,
// the outline marks it and the URL names it. opts.from: "map" (a click on
// the map: the view stays where it is), "outline", or a jump (the default).
function select(i, opts) {
  if (i === undefined || i < 0 || i >= info.length) return;
  opts = opts || {};
  if (isolated && !isolated[i]) isolated = null;
  current = i;
  setFocus(i);
  var direct = [i];
  outEdges[i].concat(inEdges[i]).forEach(function (j) {
    if (isStance(edgeInfo[j].relation) && edgeStateOf(j) !== 2) direct.push(data.edges[j].from, data.edges[j].to);
  });
  ensureLoaded(direct, Object.keys(focused.nodes).map(Number));
  network.selectNodes([i]);
  if (opts.from !== "map") {
    // The node and what it answers or is answered by directly, at a zoom
    // where their text can be read (the rest of the neighbourhood may run
    // off the edges: it is still highlighted).
    // One view change, so vis draws once (fit, moveTo and focus each draw).
    moved = true;
    network.moveTo(viewOver(direct.filter(function (k) { return loaded[k]; }), i));
  }
  showNode(i);
  if (opts.from !== "outline") revealInOutline(i);
  else if (outlineItems) revealInOutline(i);
  writeHash(i);
  isolateButton.disabled = false;
}
// The view over ``list`` (laid-out positions), zoomed into the readable range;
// centred on node i when the list is too big to show at a readable zoom.
function viewOver(list, i) {
  var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity, pad = 90;
  list.forEach(function (k) {
    var n = data.nodes[k];
    x0 = Math.min(x0, n.x); x1 = Math.max(x1, n.x); y0 = Math.min(y0, n.y); y1 = Math.max(y1, n.y);
  });
  var fits = Math.min(container.clientWidth / (x1 - x0 + 2 * pad), container.clientHeight / (y1 - y0 + 2 * pad));
  var scale = Math.min(MOST_ZOOM, Math.max(READABLE, fits));
  var position = scale > fits ? {x: data.nodes[i].x, y: data.nodes[i].y} : {x: (x0 + x1) / 2, y: (y0 + y1) / 2};
  return {position: position, scale: scale, animation: false};
}
function reset() {
  current = -1;
  isolated = null;
  setFocus(null);
  shutAll();
  network.unselectAll();
  moved = false;
  home();
  showWelcome();
  showSide("overview");
  isolateButton.disabled = true;
  writeHash(-1);
}

network.on("click", function (params) {
  var id = params.nodes.length ? params.nodes[0] : null;
  if (id !== null && isCard(id)) {
    moved = true;
    network.fit({nodes: openCard(id), animation: false});
  } else if (id !== null) {
    select(id, {from: "map"});
  } else if (params.edges.length && edges.get(params.edges[0])) {
    showEdge(params.edges[0]);
  } else {
    current = -1;
    setFocus(null);
    showWelcome();
    showSide("overview");
    writeHash(-1);
  }
});
network.on("doubleClick", function (params) {
  if (!params.nodes.length || isCard(params.nodes[0])) return;
  var href = forumHref(params.nodes[0]);
  if (href) window.open(href, "_blank", "noopener,noreferrer");
});

// Links in the header were checked in Python; check again here.
Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (a) {
  if (!httpHref(a.getAttribute("href"))) a.removeAttribute("href");
});

// Deep links: #claim=<node id> or #post=<node id>, the id URL-encoded.
function writeHash(i) {
  var hash = i < 0 ? "" : "#" + (info[i].kind === "post" ? "post" : "claim") + "=" + encodeURIComponent(info[i].nid);
  if (location.hash === hash || (!hash && !location.hash)) return;
  try {
    history.replaceState(null, "", hash || location.pathname + location.search);
  } catch (e) {
    // A page in a sandboxed frame may not rewrite its URL: focus still works.
  }
}
function readHash() {
  var m = /^#(claim|post)=(.+)$/.exec(location.hash);
  if (!m) return;
  var nid;
  try { nid = decodeURIComponent(m[2]); } catch (e) { return; }
  var i = byNid[nid];
  if (i !== undefined && (info[i].kind === "post") === (m[1] === "post") && i !== current) select(i);
}
window.addEventListener("hashchange", readHash);

// The toolbar: relation filters, minimum confidence, isolate, reset, find.
Array.prototype.forEach.call(document.querySelectorAll("[data-role=relation-filter]"), function (box) {
  box.checked = !!filter[box.value];
  box.addEventListener("change", function () {
    filter[box.value] = box.checked;
    restyle();
  });
});
var slider = document.querySelector("[data-role=min-confidence]");
var sliderValue = document.getElementById("min-confidence-value");
slider.value = String(minConfidence);
sliderValue.textContent = minConfidence.toFixed(2);
slider.addEventListener("input", function () {
  minConfidence = Number(slider.value);
  sliderValue.textContent = minConfidence.toFixed(2);
  restyle();
});
var isolateButton = document.getElementById("isolate");
isolateButton.disabled = true;
isolateButton.addEventListener("click", function () {
  if (current < 0) return;
  var keep = subthreadOf(current);
  ensureLoaded([current]);
  setIsolated(keep);
  network.fit({nodes: Object.keys(isolated).map(Number), animation: false});
});
document.getElementById("fit").addEventListener("click", reset);
document.addEventListener("keydown", function (ev) {
  if (ev.key === "Escape" && ev.target.id !== "find") reset();
});

var find = document.getElementById("find"), found = -1;
find.addEventListener("keydown", function (ev) {
  if (ev.key === "Escape") { find.value = ""; return; }
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

// Map | Outline tabs, and Overview | Details in the side panel.
var viewTabs = {map: document.getElementById("tab-map"), outline: document.getElementById("tab-outline")};
function showView(which) {
  if (which === "outline") renderOutline();
  container.hidden = which !== "map";
  outlineBox.hidden = which !== "outline";
  Object.keys(viewTabs).forEach(function (k) {
    viewTabs[k].setAttribute("aria-selected", String(k === which));
  });
  if (which === "outline" && current >= 0) revealInOutline(current);
}
viewTabs.map.addEventListener("click", function () { showView("map"); });
viewTabs.outline.addEventListener("click", function () { showView("outline"); });
sideTabs.overview.addEventListener("click", function () { showSide("overview"); });
sideTabs.details.addEventListener("click", function () { showSide("details"); });

renderOverview();
timing.overview = performance.now();
home();
showSide("overview");
readHash();
// Interactive: every script done and the map drawn (vis draws synchronously
// here), in milliseconds since navigation.
network.redraw();
window.argmapReadyMs = performance.now();
window.argmapReady = true;
window.argmap = {network: network, nodes: nodes, edges: edges, info: info, edgeInfo: edgeInfo, select: select,
  reset: reset, showView: showView, restyle: restyle};
