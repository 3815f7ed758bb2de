// Where the map looks: centring a chosen organization with its partners, giving the
// earlier view back when the panel closes, and finding the organization a tap meant.

import {words} from "./map-text.js";

var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
var TAP_REACH = 22;  // px: a tap this close to an organization means it (a 44 px target)
var saved = null;  // the view before an organization was chosen
// Above this many elements a move is made at once: each frame of a glide redraws them
// all (at a new zoom, so with new textures), and a glide of 300 ms then takes seconds on
// a phone; a map's opening group of a thousand organizations is already that large.
var GLIDE_UP_TO = 1000;
var ZOOM_IN_UP_TO = 1000;  // elements; above, choosing one does not zoom in (see centre)

function moveTime(cy) {
  return reducedMotion || cy.elements().length > GLIDE_UP_TO ? 0 : 300;
}

// Centre `node` in the canvas (what the open panel leaves of it), zoomed so that its
// neighbours are in view too. A large map is not zoomed in: a new zoom resizes and
// redraws every organization, more than a second on a phone, so the chosen one is
// centred at the zoom the visitor chose (zoomed out only if its partners need it).
// Returns true when the zoom changed at once (no glide): names are then chosen anew.
function centre(cy, node, near) {
  var width = cy.width(), height = cy.height(), p = node.position(), box = near.boundingBox();
  var dx = Math.max(p.x - box.x1, box.x2 - p.x, 40) + 40;
  var dy = Math.max(p.y - box.y1, box.y2 - p.y, 40) + 40;
  var zoom = Math.min(width / (2 * dx), height / (2 * dy), 1.5);
  if (cy.elements().length > ZOOM_IN_UP_TO) { zoom = Math.min(zoom, cy.zoom()); }
  zoom = Math.max(zoom, cy.minZoom());
  var view = {zoom: zoom, pan: {x: width / 2 - p.x * zoom, y: height / 2 - p.y * zoom}};
  var zoomed = zoom !== cy.zoom();
  cy.stop();
  var time = moveTime(cy);
  if (time) { cy.animate(view, {duration: time}); } else { cy.viewport(view); }
  return zoomed && !time;
}

// Remember the view, unless one is remembered already (choosing from a chosen one).
function keep(cy) {
  if (!saved) { saved = {zoom: cy.zoom(), pan: Object.assign({}, cy.pan())}; }
}

// Go back to the remembered view, if any.
function restore(cy) {
  if (!saved) { return; }
  cy.stop();
  cy.animate(saved, {duration: moveTime(cy)});
  saved = null;
}

// Forget the remembered view (the map was drawn afresh).
function forget() { saved = null; }

// Return the organization drawn nearest `at` (rendered pixels), within TAP_REACH.
function nodeNear(cy, at) {
  var best = null, bestDistance = TAP_REACH;
  cy.nodes().forEach(function (node) {
    var p = node.renderedPosition();
    var distance = Math.sqrt(Math.pow(p.x - at.x, 2) + Math.pow(p.y - at.y, 2));
    if (distance <= bestDistance) { best = node; bestDistance = distance; }
  });
  return best;
}

// Show a small card by the organization under the pointer: name, kind, place, partners.
function bindCard(cy, card) {
  function hide() { card.hidden = true; }
  cy.on("mouseover", "node", function (event) {
    var node = event.target, data = node.data();
    var place = [data.city, data.state].filter(Boolean).join(", ");
    var count = data.degree || 0;
    var lines = [
      data.kind_label + (place ? " · " + place : ""),
      words(["%(count)s relationship", "%(count)s relationships"], {count: count})
    ];
    var name = document.createElement("strong");
    name.textContent = data.label;
    card.replaceChildren(name);
    lines.forEach(function (text) {
      var line = document.createElement("span");
      line.textContent = text;
      card.append(line, document.createElement("br"));
    });
    var box = cy.container().getBoundingClientRect(), at = node.renderedPosition();
    card.style.left = Math.round(box.left + at.x + 14) + "px";
    card.style.top = Math.round(box.top + at.y + 14) + "px";
    card.hidden = false;
  });
  cy.on("mouseout", "node", hide);
  cy.on("viewport tapstart", hide);
  cy.container().addEventListener("mouseleave", hide);
  window.addEventListener("scroll", hide, {passive: true});
}

export {centre, keep, restore, forget, nodeNear, bindCard};
