// Sharing and saving the current view: copy its link, download it as PNG or JSON.

import {words} from "./map-text.js";

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

// What a shared picture says around the map: a title, what is shown and with which
// filters, the date, and the credit the CC BY licence asks for.
function caption(root) {
  var filters = [];
  var form = document.getElementById("map-filters");
  ["wave", "since", "state", "layout", "color", "size"].forEach(function (name) {
    var select = form.elements[name];
    if (select && select.selectedIndex > 0) {
      filters.push(select.labels[0].textContent.trim() + ": " + select.options[select.selectedIndex].text);
    }
  });
  form.querySelectorAll("fieldset").forEach(function (set) {
    var ticked = Array.prototype.filter.call(set.querySelectorAll("input"), function (box) { return box.checked; });
    if (ticked.length) {
      filters.push(set.querySelector("legend").textContent.trim() + ": " + ticked.map(function (box) {
        return box.labels[0].textContent.trim();
      }).join(", "));
    }
  });
  return {
    title: words("Civic tech partnership map"),
    lines: [
      document.getElementById("map-summary").textContent,
      filters.length ? words("Filters: %(filters)s", {filters: filters.join("; ")})
        : words("No filters: the whole network.")
    ],
    credit: words("Data: %(credit)s", {credit: root.dataset.credit}) + " · " +
      window.location.href + " · " + new Date().toISOString().slice(0, 10)
  };
}

// The legend's entries as drawn on the page: [colour, text, is a line].
function legendEntries() {
  var entries = [];
  document.querySelectorAll(".map-legend .legend-list li").forEach(function (item) {
    if (item.closest("[hidden]")) { return; }
    var swatch = item.querySelector(".legend-node, .legend-edge");
    var style = swatch ? window.getComputedStyle(swatch) : null;
    var line = Boolean(swatch && swatch.classList.contains("legend-edge"));
    var colour = style ? (line ? style.borderTopColor : style.backgroundColor) : "#5f6368";
    entries.push([colour, item.textContent.replace(/\s+/g, " ").trim(), line]);
  });
  return entries;
}

var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

// Draw the map with its caption above and its legend and credit below, as one PNG.
function exportPng(cy) {
  var root = document.getElementById("map-app");
  var text = caption(root);
  var entries = legendEntries();
  var picture = new Image();
  picture.onload = function () {
    var scale = 2, pad = 16 * scale, line = 22 * scale, columns = 3;
    var width = Math.max(picture.width, 900 * scale);
    var legendRows = Math.ceil(entries.length / columns);
    var top = pad + line * (1 + text.lines.length) + pad / 2;
    var height = top + picture.height + pad + legendRows * line + line + pad;
    var canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    var g = canvas.getContext("2d");
    g.fillStyle = "#ffffff";
    g.fillRect(0, 0, width, height);
    g.fillStyle = "#1d2330";
    g.textBaseline = "top";
    g.font = "bold " + 20 * scale + "px " + FONT;
    g.fillText(text.title, pad, pad);
    g.font = 14 * scale + "px " + FONT;
    text.lines.forEach(function (words, i) { g.fillText(words, pad, pad + line * (i + 1), width - 2 * pad); });
    g.drawImage(picture, (width - picture.width) / 2, top);
    g.strokeStyle = "#d0d4da";
    g.strokeRect(0.5, top + 0.5, width - 1, picture.height - 1);
    var columnWidth = (width - 2 * pad) / columns;
    entries.forEach(function (entry, i) {
      var x = pad + (i % columns) * columnWidth;
      var y = top + picture.height + pad + Math.floor(i / columns) * line;
      g.fillStyle = entry[0];
      if (entry[2]) { g.fillRect(x, y + 8 * scale, 28 * scale, 3 * scale); } else { g.fillRect(x, y + 2 * scale, 14 * scale, 14 * scale); }
      g.fillStyle = "#1d2330";
      g.font = 12 * scale + "px " + FONT;
      g.fillText(entry[1], x + 34 * scale, y + 2 * scale, columnWidth - 40 * scale);
    });
    g.font = 12 * scale + "px " + FONT;
    g.fillStyle = "#4a5568";
    g.fillText(text.credit, pad, height - pad - 14 * scale, width - 2 * pad);
    canvas.toBlob(function (blob) {
      download(blob, "constellation-map.png");
      say(words("Downloaded the view as constellation-map.png, with its title, legend and credit."));
    }, "image/png");
  };
  picture.src = cy.png({output: "base64uri", bg: "#ffffff", scale: 2, full: false});
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
  say(words("Downloaded the view as constellation-map.json."));
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
    say(words("Copy the link below (Ctrl+C or ⌘C)."));
  }
  if (!navigator.clipboard || !window.isSecureContext) { showField(); return; }
  navigator.clipboard.writeText(url).then(function () {
    field.hidden = true;
    say(words("Link copied. It opens this view, with its filters and chosen organization."));
  }, showField);
}

export {exportPng as png, exportJson as json, copyLink, say, caption};
