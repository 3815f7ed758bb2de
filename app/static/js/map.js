// The network map: draws /api/graph with Cytoscape.js at the server's positions, and ties
// the search, filters, side panel, summary and links to it. See map-*.js for the parts.

import * as appearance from "./map-appearance.js";
import * as compact from "./map-compact.js";
import * as exporter from "./map-export.js";
import * as geo from "./map-geo.js";
import * as panel from "./map-panel.js";
import * as picture from "./map-picture.js";
import * as style from "./map-style.js";
import * as view from "./map-view.js";
import {empty as emptyState, filterParams, fromForm, fromUrl, toForm, withQuery, writeUrl} from "./map-state.js";
import {showProblems, summary, words} from "./map-text.js";

var root, form, search, cy, state, loadTicket = 0;
// The map's Cytoscape.js instance, once the first view came: for tests and the curious.
export {cy};
var pending = null;  // {nodes, edges} a large network opened without (see opening)
// The filters of a view whose opening group alone was downloaded (/api/graph?view=opening):
// the rest stays on the server until the visitor asks for it (fetchRest).
var remote = null, fetching = null, loadedParams = null;

function byId(id) { return document.getElementById(id); }

// The table view and the downloads carry the same filters as the map; the table view
// also the chosen organization (it then lists that organization's neighbourhood).
function updateLinks() {
  var filters = filterParams(state);
  var table = filterParams(state);
  if (state.org) { table.append("org", state.org); }
  root.querySelectorAll("#map-table-link, [data-download-link]").forEach(function (link) {
    var query = (link.id === "map-table-link" ? table : filters).toString();
    var path = link.getAttribute("href").split("?")[0];
    link.setAttribute("href", query ? path + "?" + query : path);
  });
}

// Keep the address (and the links that carry it) in step with the view.
function remember() {
  writeUrl(state);
  updateLinks();
}

// Resolve with `value` in a task of its own, so that long work is done in parts between
// which the page can answer the visitor (and paint).
function later(value) {
  return new Promise(function (done) { window.setTimeout(function () { done(value); }, 0); });
}

var collator = new Intl.Collator();  // as localeCompare compares, many times faster

function fillNames() {
  var names = byId("map-search-names");
  var datas = cy.nodes().map(function (node) { return node.data(); })
    .concat(pending ? pending.nodes.map(function (node) { return node.data; }) : []);
  var options = datas.map(function (data) {
    var option = document.createElement("option");
    option.value = data.label;
    option.label = [data.kind_label, panel.place(data)].filter(Boolean).join(", ");
    return option;
  }).sort(function (a, b) { return collator.compare(a.value, b.value); });
  names.replaceChildren.apply(names, options);
}

// The view that shows every point, 30 px in from the edges. It is framed by the
// organizations' centres: cy.fit measures every name too, seconds on a large map.
function frame(points) {
  if (!points.length) { return {zoom: 1, pan: {x: 0, y: 0}}; }
  var xs = points.map(function (p) { return p.x; });
  var ys = points.map(function (p) { return p.y; });
  var low = {x: Math.min.apply(null, xs), y: Math.min.apply(null, ys)};
  var high = {x: Math.max.apply(null, xs), y: Math.max.apply(null, ys)};
  var zoom = points.length < 2 ? 1 : Math.min((cy.width() - 60) / (high.x - low.x || 1),
    (cy.height() - 60) / (high.y - low.y || 1));
  zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), zoom));
  return {zoom: zoom, pan: {x: cy.width() / 2 - zoom * (low.x + high.x) / 2,
    y: cy.height() / 2 - zoom * (low.y + high.y) / 2}};
}

// The zoom at which showAll will show these nodes (given as JSON, before they are drawn).
function fitZoom(nodes) {
  return frame(nodes.map(function (n) { return n.position; })).zoom;
}

function showAll() {
  cy.viewport(frame(cy.nodes().map(function (n) { return n.position(); })));
}

// A large network opens on its largest group alone, where names can be read and a tap
// answers at once, rather than on a hairball of thousands (the server's
// MAP_GROUP_VIEW_FROM says how large); the rest waits in `pending`. JSON nodes.
function opening(nodes) {
  var from = Number(root.dataset.groupViewFrom);
  if (!from || nodes.length < from || state.layout === "geography") { return null; }
  var group = nodes.filter(function (n) { return n.data.community === 1; });
  return group.length >= 2 ? group : null;
}

// Give organizations about to be added the size class of the map's zoom (JSON nodes).
function dress(nodes) {
  var body = style.bodyClass(cy);
  nodes.forEach(function (node) { node.classes = body; });
}

// Draw what the map opened without (for "Show all", or to find one organization).
function drawRest() {
  if (!pending || adding) { return false; }  // not while the view's own are being added
  var rest = pending;
  pending = null;
  dress(rest.nodes);
  cy.batch(function () { cy.add(rest.nodes); cy.add(rest.edges); });
  if (rest.recolour) { appearance.apply(cy, state); }  // coloured among all of them now
  style.markLabelled(cy);
  exporter.say("");
  return true;
}

// The address of the map's document for `params` (filters, view), in its compact form:
// a third of the default's size, and quicker to read (map-compact.js).
function graphUrl(params) {
  var query = new URLSearchParams(params);
  query.append("format", "compact");
  return withQuery(root.dataset.graphUrl, query);
}

// Download the rest of a view the map opened on its group alone, into `pending` (not
// drawn: drawing is the costly part). Resolves once it is there, or at once if nothing
// is left on the server; a view loaded meanwhile drops the answer.
function fetchRest() {
  if (!remote) { return Promise.resolve(); }
  if (fetching) { return fetching; }
  var ticket = loadTicket;
  fetching = fetch(graphUrl(remote), {
    headers: {Accept: "application/json"}
  }).then(function (response) {
    if (!response.ok) { throw new Error(String(response.status)); }
    return response.json();
  }).then(function (data) {
    // What is not drawn yet is known once the view being added is all there.
    return building.then(function () { return compact.expand(data); });
  }).then(function (data) {
    if (ticket !== loadTicket) { return; }
    var ids = {};
    data.elements.nodes.forEach(function (node) { ids[node.data.id] = true; });
    var drawn = function (id) { return cy.getElementById(id).length > 0; };
    var nodes = data.elements.nodes.filter(function (node) { return !drawn(node.data.id); });
    appearance.prepare(data.elements.nodes, state);
    pending = {nodes: nodes, recolour: true, edges: data.elements.edges.filter(function (edge) {
      return ids[edge.data.source] && ids[edge.data.target] && !drawn(edge.data.id);
    })};
    remote = fetching = null;
    fillNames();
  }, function () { fetching = null; });
  return fetching;
}

// Run `then` once the whole view is at hand (downloading the rest first when needed).
function whole(then) {
  if (!remote) { return then(); }
  var ticket = loadTicket;
  exporter.say(words("Loading the rest of the map…"));
  fetchRest().then(function () {
    if (ticket !== loadTicket) { return; }  // another view was loaded meanwhile
    if (remote) {
      exporter.say(words("The rest of the map could not be loaded. Please try again."));
    } else {
      then();
    }
  });
}

// Elements added to Cytoscape in one step: adding them and working out their style and
// bounds stay well under 50 ms each on a phone, where adding a thousand organizations
// at once held the page for a second before its first frame.
var STEP = 50;
var building = Promise.resolve();  // resolves once the view being added is all there
var adding = false;  // while it is being added

// Hold Cytoscape's drawing (it draws nothing while batching), once; and let it draw again.
var paused = false;
function pause() {
  if (!paused) { cy.startBatch(); paused = true; }
}

function resume() {
  if (paused) { cy.endBatch(); paused = false; }
}

// A view that was being added when another was asked for, which did not come: the map
// is drawn again as far as it got.
function stopAdding() {
  if (cy) { resume(); }
  adding = false;
}

// Add `elements` (JSON) to the map STEP at a time, each step a task of its own, then
// draw them; resolves true once all are in, or false when another view was loaded
// meanwhile. Cytoscape draws nothing between steps (it draws nothing while it is
// batching): drawing after each step would draw all the earlier ones again each time,
// and its first frame, which builds its cache of layers from what it holds at once
// (after which frames are cheap), would come with a few of them only.
function addInSteps(elements, ticket) {
  var added = cy.collection();
  pause();
  return new Promise(function (done) {
    var at = 0;
    var step = function () {
      if (ticket !== loadTicket) { done(false); return; }  // the next view resumes drawing
      // Out of the batch within the step, so that their style is worked out once, now.
      resume();
      cy.notifications(false);
      try {
        var some = cy.add(elements.slice(at, at + STEP));
        some.boundingBox();  // their style and bounds now, a step at a time
        added.merge(some);
      } finally {
        cy.notifications(true);
      }
      at += STEP;
      if (at < elements.length) {
        pause();
        window.setTimeout(step, 0);
        return;
      }
      // A view drawn before has had its first frame: its cache of layers is built at
      // once again, as then, rather than a little at each frame, each frame meanwhile
      // drawing everything anew (a sixth of a second a frame on a phone).
      var renderer = cy.renderer(), layers = renderer && renderer.data && renderer.data.lyrTxrCache;
      if (layers && "firstGet" in layers) { layers.firstGet = true; }
      cy.notify("add", added);
      done(true);
    };
    // After the next frame, which shows the first picture (or the summary) meanwhile.
    window.requestAnimationFrame(function () { window.setTimeout(step, 0); });
  });
}

// Paint the first picture of `nodes` and `edges` (JSON) at `view` (map-picture.js), and
// say so once it is on screen.
function paintPicture(nodes, edges, framed, ticket) {
  picture.paint(cy.container(), nodes, edges, framed, style.look(cy), pixelRatio);
  // In the frame that paints it.
  window.requestAnimationFrame(function () {
    if (ticket === loadTicket && picture.shown()) { root.dataset.drawn = "picture"; }
  });
}

// Take the first picture away once Cytoscape has drawn what it covers.
function dropPicture() {
  window.requestAnimationFrame(function () {
    window.requestAnimationFrame(function () { picture.remove(); });
  });
}

function draw(data) {
  var ticket = loadTicket;
  var nodes = data.elements.nodes;
  if (!cy) { start((data.summary || {}).organizations || nodes.length); }
  var ids = {};
  nodes.forEach(function (node) { ids[node.data.id] = true; });
  var edges = data.elements.edges.filter(function (edge) {
    return ids[edge.data.source] && ids[edge.data.target];
  });
  cy.resize();
  var colours = appearance.prepare(nodes, state);
  var first = data.opening_group ? nodes : opening(nodes);
  pending = null;
  remote = data.opening_group ? loadedParams : null;
  fetching = null;
  if (first && !data.opening_group) {
    var inGroup = {};
    first.forEach(function (node) { inGroup[node.data.id] = true; });
    var within = function (edge) { return inGroup[edge.data.source] && inGroup[edge.data.target]; };
    pending = {
      nodes: nodes.filter(function (node) { return !inGroup[node.data.id]; }),
      edges: edges.filter(function (edge) { return !within(edge); })
    };
    nodes = first;
    edges = edges.filter(within);
  }
  // Styled for the zoom the map will open at as they are added: restyling thousands of
  // organizations afterwards would cost as much as drawing them.
  forgetChoice();  // a choice of the earlier view, not marked yet, is not marked on this one
  cy.batch(function () {
    cy.elements().remove();
    style.sizeLabels(cy, fitZoom(nodes), nodes.length);
  });
  dress(nodes);
  byId("map-summary").textContent = summary(data.summary || {}, state);
  byId("map-legend-changes").hidden = !(data.summary && data.summary.changes);
  appearance.legend(colours, state);
  updateLinks();
  // Added at the view they open at (the Geography view moves them first), so that each
  // step is drawn where it stays; under a first picture of them all when there are many.
  var many = nodes.length + edges.length > STEP;
  picture.remove();
  if (state.layout !== "geography") {
  var framed = frame(nodes.map(function (node) { return node.position; }));
  cy.viewport(framed);
  if (many) { paintPicture(nodes, edges, framed, ticket); }
  }
  adding = true;
  var built = addInSteps(nodes.concat(edges), ticket);
  building = built;
  return built.then(function (complete) {
    if (!complete) { return; }
    adding = false;
    later().then(function () { if (ticket === loadTicket) { fillNames(); } });
    return geo.apply(cy, state, root).then(function () {
      if (ticket !== loadTicket) { return; }
      settle(first, (data.summary || {}).organizations);
      if (state.org) { choose(state.org, {focus: false, center: true}); } else { unmark(); }
      root.dataset.loaded = String(cy.nodes().length);
      if (!root.dataset.drawn) { root.dataset.drawn = "map"; }
      dropPicture();
    });
  });
}

// Show the whole of what is drawn (or the group it opens on), with its names chosen
// for that view.
function settle(group, total) {
  showAll();
  if (group) {
    exporter.say(words("The map opens on its largest group, %(count)s of %(total)s " +
      "organizations. “Show all” draws the rest.",
      {count: group.length, total: total || group.length + pending.nodes.length}));
  }
  settleLabels();
  view.forget();
}

// Fetch the graph for the current filters. On a first visit, the address's own filters
// are sent as they are, so that the API's message about a bad one can be shown (and kept
// while the map loads without them).
function load(raw, keepProblems) {
  var ticket = ++loadTicket;
  var params = filterParams(raw || state);
  loadedParams = new URLSearchParams(params);
  // A large network opens on its largest group: only that is downloaded first (the
  // server knows MAP_GROUP_VIEW_FROM). Not for a chosen organization, which may be
  // outside it, nor for the Geography view, which draws everything.
  var current = raw || state;
  if (Number(root.dataset.groupViewFrom) && !current.org && current.layout !== "geography") {
    params.append("view", "opening");
  }
  root.removeAttribute("data-loaded");
  root.removeAttribute("data-drawn");
  return fetch(graphUrl(params), {
    headers: {Accept: "application/json"}
  }).then(function (response) {
    return response.json().then(function (data) {
      return {ok: response.ok, status: response.status, data: data};
    }, function () { return {ok: false, status: response.status, data: {}}; });
  }).then(later).then(function (answer) {
    // Read in a task of its own, apart from parsing and from drawing (each long on a phone).
    answer.data = compact.expand(answer.data);
    return later(answer);
  }).then(function (answer) {
    if (ticket !== loadTicket) { return; }
    if (answer.ok) {
      if (!raw && !keepProblems) { byId("map-problems").hidden = true; }
      if (!cy) {  // Cytoscape made in a task of its own, too
        start((answer.data.summary || {}).organizations || answer.data.elements.nodes.length);
        return later().then(function () { if (ticket === loadTicket) { draw(answer.data); } });
      }
      draw(answer.data);
    } else if (answer.status === 400 && raw) {
      showProblems(answer.data, true);
      remember();
      return load(null, true);
    } else if (answer.status === 400) {
      // Filters chosen in the form that cannot go together: say why, keep the last map.
      showProblems(answer.data, false);
      stopAdding();
      root.dataset.loaded = String(cy ? cy.nodes().length : 0);
      root.dataset.drawn = "map";
    } else {
      stopAdding();
      showProblems({error: answer.data.error ||
        words("The map could not be loaded (error %(status)s). Please try again later.",
          {status: answer.status})});
      byId("map-summary").textContent = words("The map could not be loaded.");
    }
  }, function () {
    if (ticket !== loadTicket) { return; }
    stopAdding();
    showProblems({error: words("The map could not be loaded: the server did not answer.")});
    byId("map-summary").textContent = words("The map could not be loaded.");
  });
}

function nodeOf(slug) {
  var find = function () {
    return cy.nodes().filter(function (node) { return node.data("slug") === slug; })[0];
  };
  return find() || (drawRest() ? find() : undefined);
}

// Restyling thousands of elements is the costly part of choosing one: only those whose
// class changes are touched, all in one batch (one style pass, one redraw). Above
// FADE_UP_TO elements the rest is not faded (that would restyle every one of them, a
// second on a phone): the chosen one and its partners stand out by themselves.
var FADE_UP_TO = 1500;

// The chosen one's name is enlarged as the named ones' are: it goes back to its size.
function unchoose() {
  var chosen = cy.elements(".chosen");
  chosen.removeClass("chosen");
  chosen.not(".labelled").removeClass(style.textClass(cy));
}

function unmark() {
  cy.batch(function () {
    unchoose();
    cy.elements(".faded, .near").removeClass("faded near");
  });
}

function mark(chosen, near) {
  var fade = cy.elements().length <= FADE_UP_TO;
  cy.batch(function () {
    unchoose();
    cy.elements(".near").removeClass("near");
    near.removeClass("faded").addClass("near");
    if (fade) {
      cy.elements().not(near).not(".faded").addClass("faded");
    } else {
      cy.elements(".faded").removeClass("faded");  // faded while the map was smaller
    }
    // Named as large as the map's names at this zoom (readable when zoomed out).
    chosen.addClass("chosen " + style.textClass(cy));
  });
}

// A tap is answered by the panel first. Marking and moving the map is a long frame of its
// own on a large map and a slow phone (thousands of elements restyled and redrawn), so
// it waits until the panel's details are painted, or DETAILS_WAIT ms when they are slow.
var DETAILS_WAIT = 400;
var marking = 0;  // the latest choice; an older one, or a closed panel, is not marked

function afterPanel(details, then) {
  var ticket = ++marking;
  var started = false;
  delete root.dataset.marked;
  var start = function () {
    if (started || ticket !== marking) { return; }
    started = true;
    // After the next paint: a timeout queued from a frame's callback runs once it is drawn.
    window.requestAnimationFrame(function () {
      window.setTimeout(function () { if (ticket === marking) { then(); } }, 0);
    });
  };
  Promise.resolve(details).then(start, start);
  // data-details-wait: a test on a loaded machine waits longer, to check the order alone.
  window.setTimeout(start, Number(root.dataset.detailsWait) || DETAILS_WAIT);
}

// Forget a choice not marked yet (the panel was closed, or the map drawn afresh).
// Measure the canvas afresh where no ResizeObserver does it as the panel opens: a
// measure redraws the whole map (a fifth of a second at 1,000 organizations on a phone).
function fitCanvas() {
  if (!window.ResizeObserver) { cy.resize(); }
}

function forgetChoice() {
  marking += 1;
  delete root.dataset.marked;
}

function choose(slug, options) {
  var node = nodeOf(slug);
  if (!node && remote) {  // outside the group the map opened on: download the rest first
    whole(function () { choose(slug, options); });
    return;
  }
  if (options.center) { view.keep(cy); }
  state.org = slug;
  remember();
  var details = panel.showOrg(slug, {
    focus: options.focus, name: node ? node.data("label") : "", offMap: !node
  });
  afterPanel(details, function () {
    fitCanvas();
    if (node) {
      var near = node.closedNeighborhood();
      mark(node, near);
      // Zoomed at once (a large map): named and sized for the new zoom in the same
      // frame, rather than in another as long once the zoom has settled.
      if (options.center && view.centre(cy, node, near)) { settleLabels(); }
    } else {
      unmark();
    }
    root.dataset.marked = slug;  // for tests: what the map now shows as chosen
  });
}

function chooseEdge(edge) {
  state.org = "";
  remember();
  var details = panel.showEdge(edge.id(), {focus: true});
  afterPanel(details, function () {
    fitCanvas();
    mark(edge, edge.connectedNodes().union(edge));
    root.dataset.marked = edge.id();
  });
}

function findByName(text, exactOnly) {
  var wanted = text.trim().toLocaleLowerCase();
  if (!wanted || !cy) { return null; }  // nothing is drawn before the first view comes
  var nodes = cy.nodes().sort(function (a, b) {
    return a.data("label").localeCompare(b.data("label"));
  });
  var test = [function (label) { return label === wanted; }];
  if (!exactOnly) {
    test.push(function (label) { return label.indexOf(wanted) === 0; });
    test.push(function (label) { return label.indexOf(wanted) !== -1; });
  }
  for (var i = 0; i < test.length; i += 1) {
    var found = nodes.filter(function (n) { return test[i](n.data("label").toLocaleLowerCase()); });
    if (found.length) { return found[0]; }
  }
  return drawRest() ? findByName(text, exactOnly) : null;  // among those not drawn yet
}

function onSearchInput() {
  byId("map-search-message").textContent = "";
  var node = findByName(search.value, true);  // a name picked from the suggestions
  if (!node && remote && search.value.trim()) { whole(onSearchInput); return; }
  if (node && node.data("slug") !== state.org) {
    choose(node.data("slug"), {focus: false, center: true});
  }
}

function onSearchSubmit(event) {
  event.preventDefault();
  var node = findByName(search.value, false);
  if (!node && remote && search.value.trim()) {
    whole(function () { onSearchSubmit(event); });
    return;
  }
  if (!node) {
    byId("map-search-message").textContent = search.value.trim()
      ? words("No organization on the map matches “%(text)s”.", {text: search.value.trim()})
      : words("Type part of an organization's name first.");
    return;
  }
  search.value = node.data("label");
  choose(node.data("slug"), {focus: true, center: true});
}

function onFilterChange(event) {
  if (event && event.type === "submit") { event.preventDefault(); }
  var shown = filterParams(state).toString();
  state = fromForm(form, state);
  remember();
  if (filterParams(state).toString() === shown && root.dataset.loaded && cy) {
    whole(function () {
      drawRest();  // another way of drawing is a way of drawing everything
      appearance.apply(cy, state);  // the same organizations, drawn another way
      geo.apply(cy, state, root).then(function (moved) { if (moved) { settle(); } });
    });
  } else {
    load(null);
  }
}

function reset() {
  state = emptyState(state);
  toForm(form, state);
  search.value = "";
  panel.close();
  remember();
  load(null);
}

function bindToolbar() {
  var drawn = function (then) {  // a button pressed before the first view came does nothing
    return function () { if (cy) { building.then(then); } };
  };
  var zoomBy = function (factor) {
    cy.zoom({level: cy.zoom() * factor, renderedPosition: {x: cy.width() / 2, y: cy.height() / 2}});
  };
  byId("map-zoom-in").addEventListener("click", drawn(function () { zoomBy(1.4); }));
  byId("map-zoom-out").addEventListener("click", drawn(function () { zoomBy(1 / 1.4); }));
  byId("map-fit").addEventListener("click", drawn(function () {
    whole(function () {
      drawRest();
      showAll();
      exporter.say("");
    });
  }));
  byId("map-copy-link").addEventListener("click", exporter.copyLink);
  byId("map-export-png").addEventListener("click", drawn(function () { exporter.png(cy); }));
  byId("map-export-json").addEventListener("click", drawn(function () {
    exporter.json(cy, state);
  }));
}

// From this many organizations in a view the map is drawn for speed rather than finish:
// at one canvas pixel per CSS pixel (a phone's three cost nine times the drawing), and
// while the view moves as a picture, without the relationships.
var LARGE_MAP = 1000;
var pixelRatio = 1;  // canvas pixels per CSS pixel, chosen by start()

// Size the organizations and choose the names for the zoom the map is at now: nearer,
// more names fit without running into each other.
var settledAt = null;
function settleLabels() {
  settledAt = cy.zoom();
  style.sizeLabels(cy);
  style.markLabelled(cy);
}

// Create the map for the first view that came (how it is drawn depends on its size).
function start(organizations) {
  var large = organizations >= LARGE_MAP;
  pixelRatio = large ? 1 : Math.min(window.devicePixelRatio || 1, 2);
  cy = window.cytoscape({
    container: byId("map-canvas"),
    style: style.build(),
    layout: {name: "preset"},
    minZoom: 0.05,
    maxZoom: 4,
    autoungrabify: true,
    boxSelectionEnabled: false,
    pixelRatio: pixelRatio,
    textureOnViewport: large,
    hideEdgesOnViewport: large
  });
  pause();  // no first frame before the first view is in (see addInSteps)
  view.bindCard(cy, byId("map-card"));
  if (window.ResizeObserver) { new window.ResizeObserver(function () { cy.resize(); }).observe(cy.container()); }
  // Its details are asked for as the tap begins (a drag that begins there asks too: a
  // read, answered from the server's kept copy).
  cy.on("tapstart", "node", function (event) { panel.prefetch(event.target.data("slug")); });
  // A tapped organization is centred, with its partners, in the space beside the panel.
  cy.on("tap", "node", function (event) {
    choose(event.target.data("slug"), {focus: true, center: true});
  });
  // Resize and choose the names once zooming has settled, not at every frame.
  var sizing = null;
  cy.on("zoom", function () {
    window.clearTimeout(sizing);
    sizing = window.setTimeout(function () {
      if (cy.zoom() !== settledAt) { settleLabels(); }
    }, 150);
  });
  cy.on("tap", "edge", function (event) { chooseEdge(event.target); });
  cy.on("tap", function (event) {
    if (event.target !== cy) { return; }
    var node = view.nodeNear(cy, event.renderedPosition);
    if (node) { choose(node.data("slug"), {focus: true, center: true}); }
  });
}

function init() {
  root = byId("map-app");
  form = byId("map-filters");
  search = byId("map-search");
  var raw = fromUrl(window.location.search);
  state = toForm(form, raw);
  // The filters come folded: unfolded beside the map on a wide screen, while on a phone
  // the map comes first (and an embedded map keeps them folded).
  if (!root.dataset.embed && !window.matchMedia("(max-width: 60rem)").matches) {
    form.closest("details").open = true;
  }
  panel.init({
    orgUrl: root.dataset.orgUrl,
    edgeUrl: root.dataset.edgeUrl,
    orgPageUrl: root.dataset.orgPageUrl,
    embed: Boolean(root.dataset.embed),
    fallbackFocus: search,
    onSelectOrg: function (slug) { choose(slug, {focus: true, center: true}); },
    onClose: function () {
      forgetChoice();
      state.org = "";
      remember();
      unmark();
      cy.resize();
      view.restore(cy);
    }
  });
  form.addEventListener("change", onFilterChange);
  form.addEventListener("submit", onFilterChange);
  byId("map-reset").addEventListener("click", reset);
  byId("map-search-form").addEventListener("submit", onSearchSubmit);
  search.addEventListener("input", onSearchInput);
  // About to search: the names of the whole view are suggested (downloaded, not drawn).
  search.addEventListener("focus", function () { fetchRest(); });
  bindToolbar();
  load(raw);
}

if (window.cytoscape) {
  init();
} else {
  byId("map-summary").textContent = words("The map could not start: its drawing library " +
    "is missing. The table view below shows the same data.");
}
