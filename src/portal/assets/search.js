// Runs a search from the page's address (search.html?q=WORDS) against the index that
// search-index.js loaded, with elasticlunr. Results are written as text, never as HTML.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var status = document.getElementById("search-status");
  var list = document.getElementById("results");
  var box = document.getElementById("q");
  if (box) { box.value = query; }
  if (!query) { return; }
  var data = window.portalSearch;
  if (!data || typeof elasticlunr === "undefined") {
    status.textContent = "Search could not be loaded.";
    return;
  }
  var index = elasticlunr.Index.load(data.index);
  var hits = index.search(query, {
    fields: { title: { boost: 3 }, tags: { boost: 2 }, body: { boost: 1 } },
    bool: "OR",
    expand: true
  });
  document.title = query + " · " + document.title;
  // When the answer stood on the page, in ms since the page began to load: what the
  // benchmark reports as the browser's time to the first answer.
  var answered = function () {
    list.setAttribute("data-answered-ms", String(Math.round(window.performance.now())));
  };
  if (hits.length === 0) {
    answered();
    status.textContent = "Nothing matches \u201c" + query + "\u201d. Try other words, or ask the service desk.";
    return;
  }
  status.textContent = hits.length + (hits.length === 1 ? " result" : " results") + " for \u201c" + query + "\u201d";
  hits.forEach(function (hit) {
    var doc = data.docs[hit.ref];
    if (!doc) { return; }
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = doc.href;
    link.textContent = doc.title;
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = " \u00b7 " + doc.kind;
    var summary = document.createElement("span");
    summary.className = "summary";
    summary.textContent = doc.summary;
    item.appendChild(link);
    item.appendChild(kind);
    item.appendChild(summary);
    list.appendChild(item);
  });
  answered();
}());
