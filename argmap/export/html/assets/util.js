// Helpers shared by the page's scripts. Every string from the thread goes
// through textContent: never HTML (the CSP's Trusted Types would refuse it).
var TIP_CHARS = 280;

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
  s = String(s || "");
  if (s.length <= n) return iso(s);
  var cut = n;
  var c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut -= 1;  // keep surrogate pairs whole
  return iso(s.slice(0, cut).replace(/\s+\S*$/, "")) + " …";
}
function button(cls, text, onClick) {
  var b = el("button", cls, text);
  b.type = "button";
  if (onClick) b.addEventListener("click", onClick);
  return b;
}
function firstWords(s, n) {
  return clip(String(s || "").replace(/\s+/g, " ").trim(), n);
}
