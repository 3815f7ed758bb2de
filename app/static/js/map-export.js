// Sharing and saving the current view: copy its link, download it as PNG or JSON,
// and "re-arrange" it with fcose (loaded on first use: most visits never need it).
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

  var fcoseLoading = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  // layout-base, then cose-base, then fcose: each needs the one before.
  function loadFcose(sources) {
    if (!fcoseLoading) {
      fcoseLoading = sources.reduce(function (previous, src) {
        return previous.then(function () { return loadScript(src); });
      }, Promise.resolve()).then(function () {
        // fcose registers itself when it finds window.cytoscape.
        if (!window.cytoscape("layout", "fcose")) { window.cytoscape.use(window.cytoscapeFcose); }
      });
    }
    return fcoseLoading;
  }

  // Lay out what is shown with a force layout, starting from the stored positions.
  function rearrange(cy, sources, button) {
    if (cy.nodes().length > 400) {
      say("Re-arranging works on 400 organizations or fewer: filter the map first.");
      return;
    }
    button.disabled = true;
    say("Re-arranging…");
    loadFcose(sources).then(function () {
      var layout = cy.layout({
        name: "fcose", randomize: false, animate: true, animationDuration: 600,
        nodeDimensionsIncludeLabels: false, fit: true, padding: 30
      });
      layout.one("layoutstop", function () {
        button.disabled = false;
        say("Re-arranged. Changing a filter or choosing Reset puts everyone back in place.");
      });
      layout.run();
    }).catch(function () {
      button.disabled = false;
      say("The re-arrange tool could not be loaded.");
    });
  }

  CM.exporter = {
    png: exportPng, json: exportJson, copyLink: copyLink, rearrange: rearrange, say: say
  };
}());
