// Filters of the sampled pages: by reason, by site, and a text search. No network, no library.
(function () {
  "use strict";
  var reason = document.getElementById("filter-reason");
  var site = document.getElementById("filter-site");
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  var pages = Array.prototype.slice.call(document.querySelectorAll(".page"));

  function apply() {
    var r = reason.value, s = site.value, q = search.value.trim().toLowerCase();
    var count = 0;
    pages.forEach(function (page) {
      var lines = page.querySelectorAll(".line, mark.edit");
      var ok = (!r || (" " + page.dataset.reasons + " ").indexOf(" " + r + " ") >= 0) &&
               (!s || page.dataset.site === s);
      var found = !q || page.textContent.toLowerCase().indexOf(q) >= 0;
      Array.prototype.forEach.call(lines, function (line) {
        var key = line.dataset.cleaner + "." + line.dataset.reason;
        line.classList.toggle("focus", !!r && key === r);
        var hit = !!q && line.textContent.toLowerCase().indexOf(q) >= 0;
        line.classList.toggle("hit", hit);
        if (hit && line.parentNode.tagName === "DETAILS") { line.parentNode.open = true; }
      });
      var visible = ok && found;
      page.classList.toggle("hidden", !visible);
      if (visible) { count += 1; }
    });
    shown.textContent = count + " of " + pages.length + " sampled pages shown";
  }

  Array.prototype.forEach.call(document.querySelectorAll(".chart .bar"), function (bar) {
    bar.addEventListener("click", function () {
      if (bar.dataset.reason) { reason.value = bar.dataset.reason; }
      if (bar.dataset.site) { site.value = bar.dataset.site; }
      apply();
      document.getElementById("pages").scrollIntoView();
    });
  });
  // a link can preset the filters: report.html#reason=spam_lines.seo_spam&site=example.com&q=text
  location.hash.replace(/^#/, "").split("&").forEach(function (part) {
    var kv = part.split("="), value = decodeURIComponent(kv[1] || "");
    if (kv[0] === "reason") { reason.value = value; }
    if (kv[0] === "site") { site.value = value; }
    if (kv[0] === "q") { search.value = value; }
  });
  reason.addEventListener("change", apply);
  site.addEventListener("change", apply);
  search.addEventListener("input", apply);
  apply();
})();
