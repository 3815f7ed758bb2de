// The map's compact form of /api/graph (?format=compact, app/graph/document.py): columns
// of the elements' data, repeated strings written once, relationships' ends as the places
// of their organizations. expand() gives the document back as the default form has it.

// One value of a column, as the default form writes it.
function reader(column, strings, nodes) {
  if (column.kind === "string") {
    return function (raw) { return raw === null ? null : strings[raw]; };
  }
  if (column.kind === "strings") {
    return function (raw) { return raw.map(function (place) { return strings[place]; }); };
  }
  if (column.kind === "node") {
    return function (raw) { return nodes[raw].data.id; };
  }
  return function (raw) { return raw; };
}

// Set each column's values on the elements' data (those it names, when it names some).
function fill(elements, fields, strings, nodes) {
  fields.forEach(function (column) {
    var read = reader(column, strings, nodes), values = column.values, at = column.at;
    for (var i = 0; i < values.length; i += 1) {
      elements[at ? at[i] : i].data[column.name] = read(values[i]);
    }
  });
}

function expand(document) {
  if (document.format !== "compact") { return document; }
  var nodes = [], edges = [], i;
  for (i = 0; i < document.nodes.count; i += 1) {
    nodes.push({data: {}, position: {x: document.nodes.x[i], y: document.nodes.y[i]}});
  }
  for (i = 0; i < document.edges.count; i += 1) { edges.push({data: {}}); }
  fill(nodes, document.nodes.fields, document.strings, nodes);
  fill(edges, document.edges.fields, document.strings, nodes);
  var expanded = {elements: {nodes: nodes, edges: edges}};
  Object.keys(document).forEach(function (key) {
    if (["format", "nodes", "edges", "strings"].indexOf(key) === -1) { expanded[key] = document[key]; }
  });
  return expanded;
}

export {expand};
