// The outline: the thread as an indented, collapsible reader (an ARIA tree),
// one element per post; each claim carries a mark for its relation and a
// chip naming what it answers, which jumps there. Built on first opening.
var outlineBox = document.getElementById("outline");
var outlineItems = null;  // node index -> its treeitem (posts) or row (claims)

function claimRow(c) {
  var li = el("li", "ol-claim");
  li.dataset.nodeId = info[c].nid;
  var stances = outEdges[c].filter(function (j) { return isStance(edgeInfo[j].relation); });
  var main = stances.length ? edgeInfo[stances[0]].relation : "none";
  var mark = el("span", "mark " + main, main === "none" ? "·" : main.charAt(0).toUpperCase());
  mark.setAttribute("aria-label", main === "none" ? "no relation" : main);
  li.appendChild(mark);
  li.appendChild(el("span", "ol-text", info[c].text));
  stances.forEach(function (j) {
    var e = edgeInfo[j], to = data.edges[j].to, target = postOf(to);
    var label = e.relation + " @" + (target ? who(target) : "?") + ": " + firstWords(info[to].text, 40);
    if (e.confidence !== null) label += " (" + e.confidence.toFixed(2) + ")";
    var chip = button("chip " + e.relation + (e.low ? " low" : ""), label, function (ev) {
      ev.stopPropagation();
      select(to);
    });
    chip.tabIndex = -1;
    li.appendChild(chip);
  });
  outlineItems[c] = li;
  return li;
}
function postItem(i, level) {
  var n = info[i], item = el("div", "ol-post");
  item.setAttribute("role", "treeitem");
  item.setAttribute("aria-level", String(level));
  item.dataset.role = "outline";
  item.dataset.nodeId = n.nid;
  item.tabIndex = -1;
  var row = el("div", "ol-row");
  var twisty = el("span", "twisty", repliesOf[i].length ? "▾" : "");
  twisty.setAttribute("aria-hidden", "true");
  row.appendChild(twisty);
  row.appendChild(el("span", "ol-who", n.author ? n.author : "[" + (n.status || "unknown") + "]"));
  if (n.time) row.appendChild(el("span", "ol-time", n.time));
  var up = outEdges[i].filter(function (j) { return edgeInfo[j].relation === "replies_to"; })[0];
  if (up !== undefined && edgeInfo[up].stance && edgeInfo[up].stance !== "neutral") {
    row.appendChild(el("span", "tag " + edgeInfo[up].stance, edgeInfo[up].stance + " parent"));
  }
  if (repliesOf[i].length) row.appendChild(el("span", "ol-count", repliesOf[i].length + " repl" + (repliesOf[i].length === 1 ? "y" : "ies")));
  item.appendChild(row);
  if (claimsOf[i].length) {
    var ul = el("ul", "ol-claims");
    claimsOf[i].forEach(function (c) { ul.appendChild(claimRow(c)); });
    item.appendChild(ul);
  } else if (n.text) {
    item.appendChild(el("div", "ol-plain", n.text));
  }
  if (repliesOf[i].length) {
    item.setAttribute("aria-expanded", "true");
    var group = el("div", "ol-group");
    group.setAttribute("role", "group");
    item.appendChild(group);
  }
  outlineItems[i] = item;
  return item;
}
function renderOutline() {
  if (outlineItems) return;
  var start = performance.now();
  outlineItems = {};
  var tree = el("div", "ol-tree");
  tree.setAttribute("role", "tree");
  tree.setAttribute("aria-label", "Thread outline");
  // Posts in data order are already parents-first (the map's preorder).
  info.forEach(function (n, i) {
    if (n.kind !== "post") return;
    var p = parentOf[i], parentItem = p >= 0 ? outlineItems[p] : null;
    var level = parentItem ? Number(parentItem.getAttribute("aria-level")) + 1 : 1;
    var item = postItem(i, level);
    if (parentItem && parentItem.lastChild.getAttribute("role") === "group") parentItem.lastChild.appendChild(item);
    else tree.appendChild(item);
  });
  var first = tree.querySelector("[role=treeitem]");
  if (first) first.tabIndex = 0;
  tree.addEventListener("click", function (ev) {
    var item = ev.target.closest("[role=treeitem]");
    if (!item) return;
    if (ev.target.classList.contains("twisty")) { toggle(item); return; }
    var claim = ev.target.closest(".ol-claim");
    select(byNid[(claim || item).dataset.nodeId], {from: "outline"});
  });
  tree.addEventListener("keydown", outlineKey);
  outlineBox.replaceChildren(tree);
  window.argmapOutlineMs = performance.now() - start;
}
function toggle(item, open) {
  if (!item.hasAttribute("aria-expanded")) return;
  var now = open === undefined ? item.getAttribute("aria-expanded") !== "true" : open;
  item.setAttribute("aria-expanded", String(now));
  item.querySelector(".twisty").textContent = now ? "▾" : "▸";
}
function visibleItems() {
  return Array.prototype.filter.call(outlineBox.querySelectorAll("[role=treeitem]"), function (it) {
    var up = it.parentElement.closest("[role=treeitem]");
    for (; up; up = up.parentElement.closest("[role=treeitem]")) {
      if (up.getAttribute("aria-expanded") === "false") return false;
    }
    return true;
  });
}
function moveTo(item) {
  if (!item) return;
  outlineBox.querySelectorAll("[role=treeitem][tabindex='0']").forEach(function (it) { it.tabIndex = -1; });
  item.tabIndex = 0;
  item.focus({preventScroll: true});
  item.scrollIntoView({block: "nearest"});
}
function outlineKey(ev) {
  var item = ev.target.closest("[role=treeitem]");
  if (!item || ev.target.tagName === "BUTTON") return;
  var list, k;
  if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
    list = visibleItems();
    k = list.indexOf(item) + (ev.key === "ArrowDown" ? 1 : -1);
    moveTo(list[Math.max(0, Math.min(list.length - 1, k))]);
  } else if (ev.key === "ArrowRight") {
    if (item.getAttribute("aria-expanded") === "false") toggle(item, true);
    else moveTo(item.querySelector("[role=group] > [role=treeitem]"));
  } else if (ev.key === "ArrowLeft") {
    if (item.getAttribute("aria-expanded") === "true") toggle(item, false);
    else moveTo(item.parentElement.closest("[role=treeitem]"));
  } else if (ev.key === "Home" || ev.key === "End") {
    list = visibleItems();
    moveTo(ev.key === "Home" ? list[0] : list[list.length - 1]);
  } else if (ev.key === "Enter" || ev.key === " ") {
    select(byNid[item.dataset.nodeId], {from: "outline"});
  } else {
    return;
  }
  ev.preventDefault();
}
// Show node i in the outline: open the posts above it, mark and scroll to it.
function revealInOutline(i) {
  if (!outlineItems) return;
  var target = outlineItems[i] || outlineItems[postIndex(i)];
  if (!target) return;
  outlineBox.querySelectorAll(".current").forEach(function (e) { e.classList.remove("current"); });
  outlineBox.querySelectorAll("[aria-selected=true]").forEach(function (e) { e.setAttribute("aria-selected", "false"); });
  for (var up = target.parentElement.closest("[role=treeitem]"); up; up = up.parentElement.closest("[role=treeitem]")) {
    toggle(up, true);
  }
  target.classList.add("current");
  var item = target.closest("[role=treeitem]");
  item.setAttribute("aria-selected", "true");
  if (!outlineBox.hidden) {
    moveTo(item);
    target.scrollIntoView({block: "center"});
  }
}
