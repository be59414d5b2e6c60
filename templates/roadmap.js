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
