// How each organization is drawn: its colour (by kind, group or state) and its size (by
// relationships or go-between score), as the "Colour by" and "Size by" choices say. The
// values sit in each node's data (_size, _paint), which map-style.js's rules read, so a
// new choice restyles the map without fetching it again. Groups and states beyond the
// palette share one grey, and the legend says which colour is which.

import {words} from "./map-text.js";

// Told apart by most people, colour-blind or not (Okabe and Ito), plus a brown.
var PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#8C564B", "#F0E442"];
var OTHERS = "#B8BCC2";
var SIZE_TEXT = {  // English, for words()
  relationships: "Bigger shapes have more relationships.",
  betweenness: "Bigger shapes lie more often on the shortest path between two others."
};

function sizeOf(data, by) {
  if (by === "betweenness") { return 20 + 60 * Math.sqrt(data.betweenness || 0); }
  return 20 + 6 * Math.sqrt(data.degree || 0);
}

// The states with the most organizations shown get the palette's colours.
function stateRanks(datas) {
  var counts = {};
  datas.forEach(function (d) { if (d.state) { counts[d.state] = (counts[d.state] || 0) + 1; } });
  return Object.keys(counts).sort(function (a, b) {
    return counts[b] - counts[a] || (a < b ? -1 : 1);
  }).slice(0, PALETTE.length);
}

// Return {paint(data), entries: [[colour, label]…]} for a colouring, or null for kinds.
function colouring(datas, by) {
  if (by === "community") {
    var groups = {};
    datas.forEach(function (d) { if (d.community) { groups[d.community] = (groups[d.community] || 0) + 1; } });
    var shown = Object.keys(groups).map(Number).sort(function (a, b) { return a - b; }).slice(0, PALETTE.length);
    return {
      paint: function (d) { return d.community && d.community <= PALETTE.length ? PALETTE[d.community - 1] : OTHERS; },
      entries: shown.map(function (n) {
        var label = words("Group %(number)s (%(count)s shown)", {number: n, count: groups[n]});
        return [PALETTE[n - 1], label];
      }).concat([[OTHERS, words("Smaller groups, or alone")]]),
      title: words("Groups: organizations more tied to each other than to the rest")
    };
  }
  if (by === "state") {
    var ranked = stateRanks(datas);
    return {
      paint: function (d) { var i = ranked.indexOf(d.state); return i === -1 ? OTHERS : PALETTE[i]; },
      entries: ranked.map(function (code, i) { return [PALETTE[i], code]; })
        .concat([[OTHERS, words("Other states, or not known")]]),
      title: words("States with the most organizations shown")
    };
  }
  return null;
}

// Set the drawing data on node JSON before it is added to the map (no restyle needed).
function prepare(nodes, state) {
  var datas = nodes.map(function (n) { return n.data; });
  var colours = colouring(datas, state.colour);
  datas.forEach(function (d) {
    d._size = sizeOf(d, state.size);
    if (colours) { d._paint = colours.paint(d); } else { delete d._paint; }
  });
  return colours;
}

// Apply a new choice to the organizations already on the map.
function apply(cy, state) {
  var datas = cy.nodes().map(function (n) { return n.data(); });
  var colours = colouring(datas, state.colour);
  cy.batch(function () {
    cy.nodes().forEach(function (node) {
      node.data("_size", sizeOf(node.data(), state.size));
      if (colours) { node.data("_paint", colours.paint(node.data())); } else { node.removeData("_paint"); }
    });
  });
  legend(colours, state);
}

// Say in the legend what the colours and sizes mean (text only: names are user text).
function legend(colours, state) {
  var box = document.getElementById("map-legend-colours");
  var list = box.querySelector("ul");
  list.replaceChildren();
  box.hidden = !colours;
  document.getElementById("map-legend-size").textContent = words(SIZE_TEXT[state.size] || SIZE_TEXT.relationships);
  if (!colours) { return; }
  document.getElementById("map-legend-colours-title").textContent = colours.title;
  colours.entries.forEach(function (entry) {
    var item = document.createElement("li");
    var swatch = document.createElement("span");
    swatch.className = "legend-node legend-swatch";
    swatch.setAttribute("aria-hidden", "true");
    swatch.style.backgroundColor = entry[0];
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(" " + entry[1]));
    list.appendChild(item);
  });
}

export {prepare, apply, legend};
