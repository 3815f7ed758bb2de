// A first picture of the map: its organizations and relationships painted on a plain
// canvas, where and as Cytoscape.js will draw them, while Cytoscape builds its own drawing
// in small steps (a thousand organizations take it seconds on a phone, and one long step
// would leave the page unable to answer). The picture lies over the map until Cytoscape
// has drawn it all, then goes; taps pass through it to the map below.

var picture = null;

// Corners of the shapes Cytoscape draws (map-style.js's SHAPES), on a unit square
// centred on 0; an ellipse has none.
function ngon(sides, turn) {
  var points = [];
  for (var i = 0; i < sides; i += 1) {
    var angle = turn + 2 * Math.PI * i / sides;
    points.push([Math.cos(angle) / 2, Math.sin(angle) / 2]);
  }
  return points;
}

function star() {
  var points = [];
  for (var i = 0; i < 10; i += 1) {
    var angle = -Math.PI / 2 + Math.PI * i / 5, reach = i % 2 ? 0.2 : 0.5;
    points.push([Math.cos(angle) * reach, Math.sin(angle) * reach]);
  }
  return points;
}

var CORNERS = {
  "diamond": [[0, -0.5], [0.5, 0], [0, 0.5], [-0.5, 0]],
  "round-rectangle": [[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]],
  "triangle": [[0, -0.5], [0.5, 0.5], [-0.5, 0.5]],
  "hexagon": ngon(6, 0),
  "pentagon": ngon(5, -Math.PI / 2),
  "star": star(),
  "octagon": ngon(8, Math.PI / 8),
  "rhomboid": [[-0.25, -0.5], [0.5, -0.5], [0.25, 0.5], [-0.5, 0.5]]
};

function trace(context, shape, x, y, size) {
  var corners = CORNERS[shape];
  if (!corners) {
    context.moveTo(x + size / 2, y);
    context.arc(x, y, size / 2, 0, 2 * Math.PI);
    return;
  }
  context.moveTo(x + corners[0][0] * size, y + corners[0][1] * size);
  for (var i = 1; i < corners.length; i += 1) {
    context.lineTo(x + corners[i][0] * size, y + corners[i][1] * size);
  }
  context.closePath();
}

// Paint `nodes` and `edges` (JSON, as map.js adds them to Cytoscape) over `container`,
// seen at `view` ({zoom, pan}); `look` gives a node's {colour, shape, size} at zoom 1
// and the relationships' {colour, width, opacity}. Returns once it is painted.
function paint(container, nodes, edges, view, look, pixelRatio) {
  remove();
  var width = container.clientWidth, height = container.clientHeight;
  if (!width || !height) { return; }
  picture = document.createElement("canvas");
  picture.className = "map-picture";
  picture.setAttribute("aria-hidden", "true");
  picture.width = Math.round(width * pixelRatio);
  picture.height = Math.round(height * pixelRatio);
  var context = picture.getContext("2d");
  var zoom = view.zoom;
  context.setTransform(pixelRatio * zoom, 0, 0, pixelRatio * zoom,
    pixelRatio * view.pan.x, pixelRatio * view.pan.y);
  var at = {};
  nodes.forEach(function (node) { at[node.data.id] = node.position; });
  // The relationships in one stroke: drawn one by one they cost as much as the rest.
  var line = look.edges;
  context.beginPath();
  edges.forEach(function (edge) {
    var from = at[edge.data.source], to = at[edge.data.target];
    if (from && to) { context.moveTo(from.x, from.y); context.lineTo(to.x, to.y); }
  });
  context.globalAlpha = line.opacity;
  context.strokeStyle = line.colour;
  context.lineWidth = line.width;
  context.stroke();
  context.globalAlpha = 1;
  // Organizations by colour and shape, each set filled and outlined at once.
  var sets = {};
  nodes.forEach(function (node) {
    var seen = look.node(node.data), key = seen.colour + " " + seen.shape;
    (sets[key] = sets[key] || {colour: seen.colour, shape: seen.shape, nodes: []}).nodes.push(
      {x: node.position.x, y: node.position.y, size: seen.size});
  });
  context.strokeStyle = "#ffffff";
  context.lineWidth = 1;
  Object.keys(sets).forEach(function (key) {
    var set = sets[key];
    context.beginPath();
    set.nodes.forEach(function (node) { trace(context, set.shape, node.x, node.y, node.size); });
    context.fillStyle = set.colour;
    context.fill();
    context.stroke();
  });
  container.appendChild(picture);
}

// Take the picture away (the map under it is drawn, or another view is coming).
function remove() {
  if (picture) { picture.remove(); }
  picture = null;
}

function shown() { return Boolean(picture); }

export {paint, remove, shown};
