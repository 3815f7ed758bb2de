// How the map draws organizations and relationships. Colours come from map.css, so the
// HTML legend and the canvas cannot disagree; shapes match the legend's.

var SHAPES = {
  brigade: "ellipse",
  nnip_partner: "diamond",
  government: "round-rectangle",
  nonprofit: "triangle",
  community_group: "hexagon",
  university: "pentagon",
  business: "star",
  association: "octagon",
  other: "rhomboid"
};

function cssColour(name, fallback) {
  var value = window.getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

// As "Size by" chose (map-appearance.js); by relationships, growing slowly so that
// hubs do not swallow the map.
function nodeSize(node) {
  return node.data("_size") || 20 + 6 * Math.sqrt(node.data("degree") || 0);
}

// The map's stylesheet. Zoomed out, organizations are enlarged by a class (bN: 1.25^N,
// see sizeLabels), so that a new zoom restyles their size alone, not every element.
function build() {
  var size = function (node) { return nodeSize(node); };
  var highlight = cssColour("--map-highlight", "#f0b400");
  var styles = [
    {
      selector: "node",
      style: {
        "width": size,
        "height": size,
        "shape": "ellipse",
        "background-color": cssColour("--kind-other", "#5f6368"),
        "border-width": 1,
        "border-color": "#ffffff",
        "label": "data(label)",
        "font-size": 12,
        "color": "#1d2330",
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-wrap": "ellipsis",
        "text-max-width": "140px",
        "text-outline-color": "#ffffff",
        "text-outline-width": 2,
        // Labels appear as the map is zoomed in (when they would be drawn at 8px or more).
        "min-zoomed-font-size": 8
      }
    },
    {
      selector: "edge",
      style: {
        "width": 1.5,
        "line-color": cssColour("--edge-partnership", "#4a5568"),
        // Straight lines drawn in one pass: bezier curves cost seconds on a large map.
        "curve-style": "haystack",
        "haystack-radius": 0,
        "opacity": 0.8
      }
    },
    // Brigades and organizations with several relationships are named at any zoom
    // (sizeLabels keeps their labels readable); the rest as the map is zoomed in.
    {selector: "node.labelled", style: {"min-zoomed-font-size": 0, "z-index": 2}},
    // "Colour by" group or state (map-appearance.js): after the kinds' colours, so it wins.
    {selector: "node[_paint]", style: {"background-color": "data(_paint)"}},
    {selector: 'edge[status = "past"]', style: {"opacity": 0.3}},
    {selector: 'edge[status = "prospective"]', style: {"line-style": "dotted", "width": 2}},
    // Confirmed by the partner: thicker, whatever its status (not by colour alone).
    {selector: "edge[?confirmed]", style: {"width": 3.5, "opacity": 1}},
    {
      selector: 'edge[type = "learning"]',
      style: {
        "curve-style": "bezier",  // an arrow says who wants to learn from whom
        "line-color": cssColour("--edge-learning", "#b0226f"),
        "line-style": "dashed",
        "line-dash-pattern": [6, 4],
        "target-arrow-shape": "triangle",
        "target-arrow-color": cssColour("--edge-learning", "#b0226f"),
        "arrow-scale": 0.8
      }
    },
    {
      selector: 'edge[type = "involvement"]',
      style: {"line-color": cssColour("--edge-involvement", "#0f766e"), "width": 2}
    },
    // "Changes since": what is new stands out, what ended fades (not by colour alone).
    {
      selector: 'edge[change = "new"]',
      style: {"width": 5, "opacity": 1, "line-color": cssColour("--edge-new", "#c2410c"), "z-index": 5}
    },
    {
      selector: 'edge[change = "ended"]',
      style: {"opacity": 0.3, "line-style": "dashed", "line-dash-pattern": [3, 5]}
    },
    {selector: 'edge[change = "unconfirmed"]', style: {"opacity": 0.45, "width": 1}},
    // A chosen organization and its neighbourhood stand out; the rest fades.
    {selector: ".faded", style: {"opacity": 0.12, "text-opacity": 0}},
    {
      selector: "node.near",
      style: {"min-zoomed-font-size": 0, "font-weight": "bold", "z-index": 10}
    },
    {selector: "edge.near", style: {"width": 3, "opacity": 1, "z-index": 9}},
    {
      selector: "node.chosen",
      style: {
        "border-width": 4,
        "border-color": highlight,
        "min-zoomed-font-size": 0,
        "font-size": 13,
        "font-weight": "bold",
        "z-index": 20
      }
    },
    {selector: "edge.chosen", style: {"width": 4, "opacity": 1, "line-color": highlight}}
  ];
  // Named organizations' labels grow in steps as the map is zoomed out (class tN: 1.25^N).
  for (var step = 1; step <= TEXT_STEPS; step += 1) {
    styles.push({
      selector: "node.labelled.t" + step + ", node.chosen.t" + step,
      style: {
        "font-size": 12 * Math.pow(1.25, step),
        "text-max-width": Math.round(140 * Math.pow(1.25, step)) + "px"
      }
    });
  }
  for (step = 1; step <= BODY_STEPS; step += 1) {
    styles.push(bodyRule(step));
  }
  Object.keys(SHAPES).forEach(function (kind) {
    styles.splice(1, 0, {
      selector: 'node[kind = "' + kind + '"]',
      style: {
        "shape": SHAPES[kind],
        "background-color": cssColour("--kind-" + kind, "#5f6368")
      }
    });
  });
  return styles;
}

function bodyRule(step) {
  var size = function (node) { return nodeSize(node) * Math.pow(1.25, step); };
  return {selector: "node.b" + step, style: {"width": size, "height": size}};
}

// At most this many organizations are named at every zoom, the most connected first,
// so that a large network's default view shows its hubs, not a blur of text; fewer on
// a small screen (one label per LABEL_AREA square pixels of map).
var LABEL_LIMIT = 150;
var LABEL_AREA = 6000;
var LABEL_PIXELS = 11;  // the smallest a label is drawn on screen
var NODE_PIXELS = 10;  // the smallest an organization is drawn on screen
var BODY_LIMIT = 2000;  // organizations up to which they are enlarged when zoomed out
var TEXT_STEPS = 16;
var BODY_STEPS = 12;  // enough for the smallest zoom (0.05)

function important(node) {
  return node.data("kind") === "brigade" || (node.data("degree") || 0) > 1;
}

// Where a node's label would be drawn on screen now, about: centred below the node.
function labelBox(node, px, widest) {
  var p = node.renderedPosition();
  var half = Math.min(widest, String(node.data("label")).length * px * 0.55) / 2;
  var top = p.y + node.renderedHeight() / 2 + 2;
  return {x1: p.x - half, x2: p.x + half, y1: top, y2: top + px * 1.2};
}

function overlaps(a, b) {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

// Mark the organizations to name at any zoom: the most connected, brigades first on a
// tie, each only if its name would not run into one already chosen (on screen now).
function markLabelled(cy) {
  var room = Math.floor(cy.width() * cy.height() / LABEL_AREA);
  var limit = Math.max(8, Math.min(LABEL_LIMIT, room));
  var grow = Math.pow(1.25, cy.scratch("_textStep") || 0);
  var px = 12 * grow * cy.zoom(), widest = 140 * grow * cy.zoom();
  var taken = [];
  var chosen = cy.nodes().filter(important).sort(function (a, b) {
    var brigade = Number(b.data("kind") === "brigade") - Number(a.data("kind") === "brigade");
    return (b.data("degree") || 0) - (a.data("degree") || 0) || brigade;
  }).filter(function (node) {
    if (taken.length >= limit) { return false; }
    var box = labelBox(node, px, widest);
    if (taken.some(function (other) { return overlaps(box, other); })) { return false; }
    taken.push(box);
    return true;
  });
  // Only those whose naming changes are restyled.
  var named = "labelled " + textClass(cy);
  var before = cy.nodes(".labelled");
  cy.batch(function () {
    before.difference(chosen).removeClass(named);
    chosen.difference(before).addClass(named);
    cy.nodes(".chosen").addClass(textClass(cy));  // named as large, named or not
  });
}

// The class that enlarges names for the zoom sizeLabels last chose (class tN), or of `step`.
function textClass(cyOrStep) {
  var step = typeof cyOrStep === "number" ? cyOrStep : cyOrStep.scratch("_textStep");
  return step ? "t" + step : "";
}

// The class that enlarges organizations for the zoom sizeLabels last chose: given to
// those added later, so that they are drawn as large as the others.
function bodyClass(cy) {
  var step = cy.scratch("_bodyStep");
  return step ? "b" + step : "";
}

// The step (a power of 1.25) by which to enlarge what must stay `pixels` big on screen
// and is `size` big at zoom 1: steps, so that zooming restyles only now and then.
function enlargement(zoom, pixels, size) {
  var wanted = pixels / (size * zoom);
  return wanted <= 1 ? 0 : Math.ceil(Math.log(wanted) / Math.log(1.25));
}

// Keep named organizations' labels at least LABEL_PIXELS high (and as wide as when seen
// at full size) on screen when the map is zoomed out to `zoom` (or its own zoom): a
// class on the few named ones. Up to BODY_LIMIT organizations (`count`, or those on
// the map), keep each at least
// NODE_PIXELS wide too; that restyles every one, too slow for a larger map.
function sizeLabels(cy, zoom, count) {
  zoom = zoom || cy.zoom();
  count = count === undefined ? cy.nodes().length : count;
  var text = Math.min(TEXT_STEPS, enlargement(zoom, LABEL_PIXELS, 12));
  var old = cy.scratch("_textStep") || 0;
  if (text !== old) {
    cy.scratch("_textStep", text);
    cy.batch(function () {
      cy.nodes(".labelled, .chosen").removeClass(textClass(old)).addClass(textClass(text));
    });
  }
  var body = count > BODY_LIMIT ? 0 : Math.min(BODY_STEPS, enlargement(zoom, NODE_PIXELS, 20));
  if (body !== (cy.scratch("_bodyStep") || 0)) {
    var before = bodyClass(cy);
    cy.scratch("_bodyStep", body);
    cy.batch(function () { cy.nodes().removeClass(before).addClass(bodyClass(cy)); });
  }
}

// How these rules draw organizations (node data) and relationships at zoom 1, for the
// first picture (map-picture.js): in the size class sizeLabels chose for `cy`.
function look(cy) {
  var grow = Math.pow(1.25, cy.scratch("_bodyStep") || 0);
  var colours = {};
  Object.keys(SHAPES).forEach(function (kind) {
    colours[kind] = cssColour("--kind-" + kind, "#5f6368");
  });
  return {
    node: function (data) {
      return {
        colour: data._paint || colours[data.kind] || colours.other,
        shape: SHAPES[data.kind] || "ellipse",
        size: (data._size || 20 + 6 * Math.sqrt(data.degree || 0)) * grow
      };
    },
    edges: {colour: cssColour("--edge-partnership", "#4a5568"), width: 1.5, opacity: 0.8}
  };
}

export {build, markLabelled, sizeLabels, bodyClass, textClass, look};
