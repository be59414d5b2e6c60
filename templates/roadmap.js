// Tables wider than the screen scroll sideways inside the theme's wrapper. A region that
// scrolls must be reachable by keyboard, so a wrapper that scrolls gets a tab stop and a
// name; one that fits loses them again (on resize, too). Nothing else depends on this
// script: every page reads the same with JavaScript off.
(function () {
  // Each region is named after the heading above it, numbered when that repeats.
  function name(wrap, seen) {
    var node = wrap.previousElementSibling;
    while (node && !/^H[1-6]$/.test(node.tagName)) node = node.previousElementSibling;
    var base = "Table" + (node ? ": " + node.textContent.replace(/\s*¶$/, "").trim() : "");
    seen[base] = (seen[base] || 0) + 1;
    return base + (seen[base] > 1 ? " (" + seen[base] + ")" : "") + ", scrolls sideways";
  }
  function mark() {
    var seen = {};
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", name(wrap, seen));
      } else {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mark);
  } else {
    document.addEventListener("DOMContentLoaded", mark);
  }
  window.addEventListener("resize", mark);
})();

// Present mode: the keyboard moves between slides. Without JavaScript the slides are
// simply stacked, one screen each, and read by scrolling.
(function () {
  var NEXT = ["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar"];
  var PREVIOUS = ["ArrowLeft", "ArrowUp", "PageUp"];
  function slides() {
    return Array.prototype.slice.call(document.querySelectorAll(".rm-deck .rm-slide"));
  }
  function current(all) {
    var best = 0;
    all.forEach(function (s, k) {
      if (s.getBoundingClientRect().top <= window.innerHeight / 3) best = k;
    });
    return best;
  }
  function show(all, k) {
    var target = all[Math.max(0, Math.min(all.length - 1, k))];
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
    if (history.replaceState) history.replaceState(null, "", "#" + target.id);
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = (event.target && event.target.tagName) || "";
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(tag)) return;
    var all = slides();
    if (!all.length) return;
    var k = current(all);
    if (NEXT.indexOf(event.key) >= 0 && !event.shiftKey) show(all, k + 1);
    else if (PREVIOUS.indexOf(event.key) >= 0 || (event.key === " " && event.shiftKey)) show(all, k - 1);
    else if (event.key === "Home") show(all, 0);
    else if (event.key === "End") show(all, all.length - 1);
    else return;
    event.preventDefault();
  });
})();
