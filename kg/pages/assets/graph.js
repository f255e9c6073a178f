// Draws the graph of a kg page and wires its legend filter and "find a node" box.
// The data comes from the JSON block #kg-data; every string from papers is set
// as text (vis-network shows string tooltips with innerText), never as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var kg = { network: network, nodes: nodes, edges: edges, ready: false };
  window.kg = kg;

  function markReady() {
    if (kg.ready) return;
    kg.ready = true;
    document.body.setAttribute("data-ready", "1");
  }
  if (!data.nodes.length) {
    markReady();  // nothing to draw, so vis-network fires no drawing events
  } else if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", markReady);
  }

  // Legend: one checkbox per node type hides or shows that type.
  var countEl = document.getElementById("kg-count");
  function updateCount() {
    var shown = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    countEl.textContent = "Showing " + shown + " of " + data.total + " nodes";
    countEl.setAttribute("data-shown", String(shown));
  }
  var boxes = document.querySelectorAll("#kg-legend input[type=checkbox]");
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("change", function () {
      var type = box.getAttribute("data-type");
      var changes = nodes.get({ filter: function (n) { return n.kgType === type; } }).map(function (n) {
        return { id: n.id, hidden: !box.checked };
      });
      nodes.update(changes);
      updateCount();
    });
  });

  // Find a node by name: exact (case-insensitive) first, else the first name containing the text.
  var names = document.getElementById("kg-names");
  var all = nodes.get();
  all.slice().sort(function (a, b) { return a.kgName.localeCompare(b.kgName); }).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n.kgName;
    names.appendChild(option);
  });
  var input = document.getElementById("kg-find-input");
  var message = document.getElementById("kg-find-msg");
  document.getElementById("kg-find").addEventListener("submit", function (event) {
    event.preventDefault();
    var wanted = input.value.trim().toLowerCase();
    if (!wanted) return;
    var match = all.filter(function (n) { return n.kgName.toLowerCase() === wanted; })[0] ||
      all.filter(function (n) { return n.kgName.toLowerCase().indexOf(wanted) >= 0; })[0];
    if (!match) {
      message.textContent = "No node matches \u201c" + input.value.trim() + "\u201d";
      return;
    }
    if (nodes.get(match.id).hidden) {
      nodes.update({ id: match.id, hidden: false });
      updateCount();
    }
    message.textContent = match.kgType + ": " + match.kgName;
    network.selectNodes([match.id]);
    network.focus(match.id, { scale: 1.3, animation: false });
    kg.found = match.id;
  });

  // On site pages, a double-click opens the entity's own page.
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) return;
    var node = nodes.get(params.nodes[0]);
    if (node && node.kgUrl) window.location.href = node.kgUrl;
  });
})();
