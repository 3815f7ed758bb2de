// What the side panel says about an organization (/api/orgs/<slug>) or a relationship
// (/api/edges/<id>). Built from elements with text content only: see map-panel.js.

import {words} from "./map-text.js";

var p;  // the panel's element builders (map-panel.js), given with each call

function section(body, title, items, renderItem) {
  if (!items || !items.length) { return; }
  body.appendChild(p.heading(title));
  var list = p.el("ul");
  items.forEach(function (item) {
    var entry = p.el("li");
    renderItem(entry, item);
    list.appendChild(entry);
  });
  body.appendChild(list);
}

function append(parent, child) { if (child) { parent.appendChild(child); } }

function waveName(item) { return item.wave ? item.wave.name : ""; }

function partnershipAnswers(item) {
  return p.answers([
    [words("What the partner cares about"), item.priorities],
    [words("Themes"), (item.themes || []).join(", ")],
    [words("How the relationship was built"), item.how_built]
  ]);
}

// Who reported a partnership, when it was approved, and what its partner said of it.
function provenance(item, reporter) {
  var reported = words("%(organization)s, in %(wave)s", {organization: reporter, wave: waveName(item)});
  return p.answers([
    [words("Reported by"), reported],
    [words("Approved on"), item.approved_on_label],
    [words("The partner"), item.reply ? item.reply.label : ""]
  ]);
}

function involvementAnswers(answer) {
  var yesNo = answer.provided_assistance ? words("Yes") : words("No");
  return p.answers([
    [words("Involvement with local civic tech groups"), answer.level_label],
    [words("Has given a group assistance"), yesNo],
    [words("Assistance given"), answer.assistance.join(", ")],
    [words("Barriers met"), answer.barriers.join(", ")],
    [words("Events attended"), answer.events.join(", ")],
    [words("Wants a stronger relationship"), answer.wants_stronger_relationship_label]
  ]);
}

function orgButtons(orgs) {
  var line = p.el("p");
  orgs.forEach(function (org, index) {
    if (index) { line.appendChild(document.createTextNode(", ")); }
    line.appendChild(p.orgButton(org));
  });
  return line;
}

function similarItem(entry, other) {
  entry.appendChild(p.orgButton(other));
  append(entry, p.meta([p.place(other)]));
  var shares = [];
  if (other.shared_partners.length) {
    shares.push(words("Shares %(names)s",
      {names: other.shared_partners.map(function (o) { return o.name; }).join(", ")}));
  }
  if (other.shared_kinds.length) {
    shares.push(words("Also works with: %(kinds)s", {kinds: other.shared_kinds.map(function (k) {
      return k.label.toLocaleLowerCase();
    }).join(", ")}));
  }
  entry.appendChild(p.el("p", null, shares.join(". ") + "."));
}

var SHORT_LIST = 6;

// The most alike first; the rest behind a "show more" button, so the panel stays short.
function similarList(body, similar) {
  var list = p.el("ul", "similar");
  similar.forEach(function (other, index) {
    var entry = p.el("li");
    similarItem(entry, other);
    entry.hidden = index >= SHORT_LIST;
    list.appendChild(entry);
  });
  body.appendChild(list);
  if (similar.length <= SHORT_LIST) { return; }
  var more = p.el("button", "secondary",
    words("Show %(count)s more", {count: similar.length - SHORT_LIST}));
  more.type = "button";
  more.addEventListener("click", function () {
    var first = list.children[SHORT_LIST];
    Array.prototype.forEach.call(list.children, function (entry) { entry.hidden = false; });
    more.remove();
    var target = first.querySelector("button");
    if (target) { target.focus(); }
  });
  body.appendChild(more);
}

function partnershipWith(partner) {
  return words("its partnership with %(name)s", {name: partner.name});
}

function interestText(item) {
  if (!item.organization) { return null; }
  return item.partner ? partnershipWith(item.partner) : null;
}

function render(body, org, options, parts) {
  p = parts;
  body.replaceChildren();
  body.appendChild(p.meta([org.kind_label, p.place(org)]));
  if (options.offMap) {
    body.appendChild(p.note(words("Not on the map with the filters chosen.")));
  }
  var links = p.el("p");
  links.appendChild(p.pageLink(org.slug, words("Organization page")));
  var site = p.webLink(org.website);
  if (site) {
    links.appendChild(document.createTextNode(" · " + words("Website:") + " "));
    links.appendChild(site);
  }
  body.appendChild(links);
  if (org.described_by) { body.appendChild(p.note(org.described_by.label)); }
  if (org.own_words) {
    append(body, p.answers([[words("What matters to it, in its own words"), org.own_words.text]]));
  }
  section(body, words("Place in the network"), org.role, function (entry, sentence) {
    entry.textContent = sentence;
  });

  var own = org.partnerships.filter(function (item) { return item.side === "submitter"; });
  var namedBy = org.partnerships.filter(function (item) { return item.side === "partner"; });
  var partnerEntry = function (entry, item) {
    entry.appendChild(p.orgButton(item.organization));
    entry.appendChild(p.meta([item.organization.kind_label, item.status_label, item.continuity_label, waveName(item)]));
    append(entry, partnershipAnswers(item));
    append(entry, provenance(item, item.reported_by));
  };
  section(body, words("Partners"), own, partnerEntry);
  section(body, words("Named as a partner by"), namedBy, partnerEntry);

  section(body, words("Involvement with civic tech groups"), org.involvement, function (entry, answer) {
    entry.appendChild(p.meta([waveName(answer)]));
    append(entry, involvementAnswers(answer));
    if (answer.local_groups.length) {
      entry.appendChild(p.el("p", "meta", words("Local groups it works with:")));
      entry.appendChild(orgButtons(answer.local_groups));
    }
  });
  section(body, words("Data intermediaries that work with it"), org.named_by_intermediaries,
    function (entry, item) {
      entry.appendChild(p.orgButton(item.organization));
      entry.appendChild(p.meta([item.organization.kind_label, waveName(item)]));
    });
  section(body, words("Wants to learn from"), org.learning_interests, function (entry, item) {
    if (item.organization) { entry.appendChild(p.orgButton(item.organization)); }
    append(entry, p.meta([interestText(item), waveName(item)]));
    if (item.note) { entry.appendChild(p.el("p", "text", item.note)); }
  });
  section(body, words("Others who want to learn from it"), org.learners, function (entry, item) {
    entry.appendChild(p.orgButton(item.learner));
    append(entry, p.meta([interestText(item), waveName(item)]));
    if (item.note) { entry.appendChild(p.el("p", "text", item.note)); }
  });

  if (org.kind === "brigade") {
    body.appendChild(p.heading(words("Who else works with partners like mine")));
    if (org.similar.length) {
      similarList(body, org.similar);
    } else {
      body.appendChild(p.note(words("No other brigade shares a partner or a kind of partner yet.")));
    }
  }
}

// Said of a relationship, by its type (English, for words()).
var EDGE_TITLES = {
  partnership: "%(source)s and %(target)s",
  learning: "%(source)s wants to learn from %(target)s",
  involvement: "%(source)s works with %(target)s"
};
var EDGE_KINDS = {
  partnership: "Partnership",
  learning: "Learning interest",
  involvement: "Data intermediary and local group"
};
var END_ROLES = {
  partnership: ["Named the partner", "Partner"],
  learning: ["Wants to learn", "To learn from"],
  involvement: ["Data intermediary", "Local group"]
};

function renderEdge(body, title, edge, parts) {
  p = parts;
  title.textContent = words(EDGE_TITLES[edge.type] || EDGE_TITLES.partnership,
    {source: edge.source.name, target: edge.target.name});
  body.replaceChildren();
  var kind = EDGE_KINDS[edge.type];
  body.appendChild(p.meta([kind && words(kind), edge.status_label, edge.continuity_label, waveName(edge)]));
  var roles = END_ROLES[edge.type] || END_ROLES.partnership;
  var ends = p.el("dl");
  [[words(roles[0]), edge.source], [words(roles[1]), edge.target]].forEach(function (pair) {
    ends.appendChild(p.el("dt", null, pair[0]));
    var cell = p.el("dd");
    cell.appendChild(p.orgButton(pair[1]));
    cell.appendChild(document.createTextNode(" (" + pair[1].kind_label + ")"));
    ends.appendChild(cell);
  });
  body.appendChild(ends);
  body.appendChild(p.heading(words("What the answers say")));
  var said = null;
  if (edge.type === "partnership") { said = partnershipAnswers(edge); }
  if (edge.type === "learning") {
    said = p.answers([
      [words("About"), edge.partner ? partnershipWith(edge.partner) : ""],
      [words("Note"), edge.note]
    ]);
  }
  if (edge.type === "involvement" && edge.involvement) { said = involvementAnswers(edge.involvement); }
  body.appendChild(said || p.note(words("The answers say nothing more about this relationship.")));
  if (edge.partner_words) {
    append(body, p.answers([[words("What matters to the partner, in its own words"),
      edge.partner_words.text]]));
  }
  body.appendChild(p.heading(words("Where this comes from")));
  append(body, provenance(edge, edge.source.name));
}

export {render, renderEdge};
