// The Geography view: every organization at its city on a map of the United States, with
// Alaska, Hawaii and Puerto Rico set in (d3's geoAlbersUsaTerritories), over the states'
// outlines from us-atlas. The server gives each organization's city as latitude and
// longitude (app/graph/places.py); one known only by its state sits at the state's middle,
// one with no place beside the first organization it is related to that has one, and the
// rest in a row under the map. Libraries and outlines load on first use, from this site.

import {words} from "./map-text.js";
import {say} from "./map-export.js";

var WIDTH = 2000, HEIGHT = 1250;  // map units, as the Network layout's
var GOLDEN = 2.399963;  // radians: neighbours around one point spread evenly
var ALIASES = {  // us-atlas's names where they differ from the state list's
  "Commonwealth of the Northern Mariana Islands": "MP",
  "United States Virgin Islands": "VI"
};
var loading = null;
var geo = null;  // {project(lat, lon), middles: {code: [x, y]}, svg}

function loadScript(src) {
  return new Promise(function (resolve, reject) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = function () { reject(new Error("could not load " + src)); };
    document.head.appendChild(script);
  });
}

function load(root) {
  if (!loading) {
    loading = root.dataset.geoScripts.split(" ").reduce(function (previous, src) {
      return previous.then(function () { return loadScript(src); });
    }, Promise.resolve()).then(function () {
      return fetch(root.dataset.geoOutlines).then(function (response) { return response.json(); });
    }).then(function (topology) { geo = build(root, topology); return geo; });
  }
  return loading;
}

function build(root, topology) {
  var codes = JSON.parse(root.dataset.stateNames);
  var states = window.topojson.feature(topology, topology.objects.states);
  var projection = window.d3.geoAlbersUsaTerritories().fitSize([WIDTH, HEIGHT], states);
  var path = window.d3.geoPath(projection);
  var middles = {};
  var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "geo-outlines");
  svg.setAttribute("width", WIDTH);
  svg.setAttribute("height", HEIGHT);
  svg.setAttribute("aria-hidden", "true");
  states.features.forEach(function (feature) {
    var name = feature.properties.name;
    var code = codes[name] || ALIASES[name];
    var d = path(feature);
    if (!d) { return; }
    if (code) { middles[code] = path.centroid(feature); }
    var shape = document.createElementNS("http://www.w3.org/2000/svg", "path");
    shape.setAttribute("d", d);
    svg.appendChild(shape);
  });
  return {
    project: function (lat, lon) { return projection([lon, lat]); },
    middles: middles,
    svg: svg
  };
}

// Where each node goes: {id: {x, y}}; `placed` says which had a place of their own.
function places(cy) {
  var at = {}, crowd = {};
  // Several at one point (a city, or around one organization): a spiral around it,
  // starting `first` units out (0: the first one on the point itself).
  var spread = function (point, first) {
    var key = Math.round(point[0]) + "," + Math.round(point[1]) + "," + first;
    var n = crowd[key] = (crowd[key] || 0) + 1;
    var r = first + (n === 1 && !first ? 0 : 14 * Math.sqrt(n - 1));
    return {x: point[0] + r * Math.cos(n * GOLDEN), y: point[1] + r * Math.sin(n * GOLDEN)};
  };
  cy.nodes().forEach(function (node) {
    var place = node.data("place");
    var point = place ? geo.project(place[0], place[1]) : null;
    if (!point && node.data("state")) { point = geo.middles[node.data("state")] || null; }
    if (point) { at[node.id()] = spread(point, 0); }
  });
  var unplaced = 0;
  cy.nodes().forEach(function (node) {
    if (at[node.id()]) { return; }
    var near = node.neighborhood("node").filter(function (other) { return at[other.id()]; })[0];
    if (near) {
      var home = at[near.id()];
      at[node.id()] = spread([home.x, home.y], 30);
    } else {
      at[node.id()] = {x: 40 + 60 * (unplaced % 30), y: HEIGHT + 80 + 60 * Math.floor(unplaced / 30)};
      unplaced += 1;
    }
  });
  return at;
}

function follow(cy) {
  var pan = cy.pan(), zoom = cy.zoom();
  geo.svg.style.transform = "translate(" + pan.x + "px, " + pan.y + "px) scale(" + zoom + ")";
}

// Put the organizations at their places (or back where the Network layout has them).
function apply(cy, state, root) {
  if (state.layout !== "geography") {
    if (geo) { geo.svg.remove(); }
    cy.off("viewport", cy.scratch("_geoFollow"));
    var back = cy.nodes().filter(function (node) { return node.scratch("_network"); });
    if (!back.length) { return Promise.resolve(false); }
    cy.batch(function () {
      back.forEach(function (node) { node.position(node.scratch("_network")); node.removeScratch("_network"); });
    });
    return Promise.resolve(true);
  }
  return load(root).then(function () {
    var at = places(cy);
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        if (!node.scratch("_network")) { node.scratch("_network", Object.assign({}, node.position())); }
        node.position(at[node.id()]);
      });
    });
    var container = cy.container();
    container.insertBefore(geo.svg, container.firstChild);
    if (!cy.scratch("_geoFollow")) { cy.scratch("_geoFollow", function () { follow(cy); }); }
    cy.off("viewport", cy.scratch("_geoFollow"));
    cy.on("viewport", cy.scratch("_geoFollow"));
    follow(cy);
    return true;
  }, function () {
    say(words("The Geography view could not be loaded; the network is shown instead."));
    return false;
  });
}

export {apply};
