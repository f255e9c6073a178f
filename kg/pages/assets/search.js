// The index page's search box: filters the entity list embedded in #kg-search-data, offline.
// Names come from papers, so results are built with textContent only.
(function () {
  "use strict";
  var entries = JSON.parse(document.getElementById("kg-search-data").textContent);
  var input = document.getElementById("kg-search");
  var results = document.getElementById("kg-results");
  var LIMIT = 25;

  function matches(entry, wanted) {
    if (entry.name.toLowerCase().indexOf(wanted) >= 0) return true;
    return entry.aliases.some(function (a) { return a.toLowerCase().indexOf(wanted) >= 0; });
  }

  function show() {
    var wanted = input.value.trim().toLowerCase();
    results.textContent = "";
    if (!wanted) return;
    var found = entries.filter(function (e) { return matches(e, wanted); });
    found.sort(function (a, b) {
      var exact = (b.name.toLowerCase() === wanted) - (a.name.toLowerCase() === wanted);
      return exact || b.papers - a.papers || a.name.localeCompare(b.name);
    });
    found.slice(0, LIMIT).forEach(function (e) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = e.url;
      link.textContent = e.name;
      var meta = document.createElement("span");
      meta.className = "kg-type";
      meta.textContent = " " + e.type + " · " + e.papers + " paper" + (e.papers === 1 ? "" : "s");
      li.appendChild(link);
      li.appendChild(meta);
      results.appendChild(li);
    });
    if (!found.length) {
      var none = document.createElement("li");
      none.textContent = "Nothing matches.";
      results.appendChild(none);
    } else if (found.length > LIMIT) {
      var more = document.createElement("li");
      more.textContent = (found.length - LIMIT) + " more…";
      results.appendChild(more);
    }
  }

  input.addEventListener("input", show);
  show();
})();
