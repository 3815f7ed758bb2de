// Sharing and saving the current view: copy its link, download it as PNG or JSON.
(function () {
  "use strict";

  var CM = window.ConstellationMap = window.ConstellationMap || {};

  function say(text) {
    document.getElementById("map-toolbar-message").textContent = text;
  }

  function download(blob, filename) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function exportPng(cy) {
    var blob = cy.png({output: "blob", bg: "#ffffff", scale: 2, full: false});
    download(blob, "constellation-map.png");
    say("Downloaded the view as constellation-map.png.");
  }

  // The elements on the map now (after filters), with their positions.
  function exportJson(cy, state) {
    var document_ = {
      source: window.location.href,
      filters: {wave: state.wave || null, kind: state.kind, state: state.state, status: state.status},
      elements: {
        nodes: cy.nodes().map(function (node) {
          return {data: node.data(), position: node.position()};
        }),
        edges: cy.edges().map(function (edge) { return {data: edge.data()}; })
      }
    };
    var blob = new Blob([JSON.stringify(document_, null, 2)], {type: "application/json"});
    download(blob, "constellation-map.json");
    say("Downloaded the view as constellation-map.json.");
  }

  // Copy the address of this view; where the clipboard is refused, show it to copy by hand.
  function copyLink() {
    var field = document.getElementById("map-link");
    var url = window.location.href;
    field.value = url;
    function showField() {
      field.hidden = false;
      field.focus();
      field.select();
      say("Copy the link below (Ctrl+C or ⌘C).");
    }
    if (!navigator.clipboard || !window.isSecureContext) { showField(); return; }
    navigator.clipboard.writeText(url).then(function () {
      field.hidden = true;
      say("Link copied. It opens this view, with its filters and chosen organization.");
    }, showField);
  }

  CM.exporter = {
    png: exportPng, json: exportJson, copyLink: copyLink, say: say
  };
}());
