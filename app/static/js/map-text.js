// What the map page says in words: the summary of what is shown (read out by screen
// readers as it changes) and the messages about filters the API refused; and words(),
// through which every script of the map says anything, in the page's language.

import {isFiltered} from "./map-state.js";

var translated = null;  // {English: its translation}, from the page (app/map/words.py)

// Return the English message `text` in the page's language (English where the page has
// no translation), with each %(name)s replaced by values[name]. A message with a count
// is given as its English for one and for many, and values.count chooses the form.
function words(text, values) {
  if (!translated) {
    var root = document.getElementById("map-app");
    translated = JSON.parse((root && root.dataset.words) || "{}");
  }
  values = values || {};
  var forms = Array.isArray(text) ? text : null;
  var found = translated[forms ? forms[0] : text] || text;
  if (forms) { found = found[values.count === 1 ? 0 : 1]; }
  return found.replace(/%\((\w+)\)s/g, function (whole, name) {
    return name in values ? String(values[name]) : whole;
  });
}

function listed(items) {
  if (items.length < 2) { return items.join(""); }
  return words("%(first)s and %(last)s",
    {first: items.slice(0, -1).join(", "), last: items[items.length - 1]});
}

function summary(counts, state) {
  if (!counts.organizations) {
    return words("No organization matches these filters. Choose Reset to see the whole network.");
  }
  var types = counts.by_type || {};
  var kinds = [
    [types.partnership, ["%(count)s partnership", "%(count)s partnerships"]],
    [types.learning, ["%(count)s learning interest", "%(count)s learning interests"]],
    [types.involvement, ["%(count)s involvement link", "%(count)s involvement links"]]
  ].filter(function (t) { return t[0]; }).map(function (t) { return words(t[1], {count: t[0]}); });
  var text = [
    words(["%(count)s brigade", "%(count)s brigades"], {count: counts.brigades}),
    words(["%(count)s other organization", "%(count)s other organizations"],
      {count: counts.other_organizations}),
    words(["%(count)s relationship", "%(count)s relationships"], {count: counts.relationships})
  ].join(", ") + (kinds.length ? " (" + kinds.join(", ") + ")" : "");
  if (counts.changes) { return text + ". " + changes(counts.changes); }
  if (counts.waves && counts.waves.length) {
    text = words("%(shown)s in %(waves)s", {shown: text, waves: listed(counts.waves)});
  }
  return isFiltered(state) ? words("%(shown)s, with the filters chosen.", {shown: text})
    : text + ".";
}

// "Since 2022 …: 5 new (drawn thick), 40 continuing, 3 ended (faded) …"
function changes(c) {
  var parts = [
    words(["%(count)s new relationship (drawn thick)", "%(count)s new relationships (drawn thick)"],
      {count: c["new"]}),
    words(["%(count)s continuing", "%(count)s continuing"], {count: c.continuing}),
    words(["%(count)s ended (faded, dashed)", "%(count)s ended (faded, dashed)"], {count: c.ended})
  ];
  if (c.unconfirmed) {
    parts.push(words(["%(count)s not confirmed (thin)", "%(count)s not confirmed (thin)"],
      {count: c.unconfirmed}));
  }
  var text = words("Changes since %(since)s, in %(compared)s: %(changes)s.", {
    since: c.since.name,
    compared: c.to ? c.to.name : words("each organization's latest answers"),
    changes: listed(parts)
  });
  if (c.not_answered_again) {
    text += " " + words([
      "%(count)s organization that answered %(wave)s has not answered again.",
      "%(count)s organizations that answered %(wave)s have not answered again."
    ], {count: c.not_answered_again, wave: c.since.name});
  }
  return text;
}

// Show the API's messages; `dropped` says the map is shown without those filters.
function showProblems(data, dropped) {
  var box = document.getElementById("map-problems");
  var items = (data.problems || []).map(function (problem) {
    var item = document.createElement("li");
    item.textContent = problem;
    return item;
  });
  var list = document.createElement("ul");
  list.replaceChildren.apply(list, items);
  var message = document.createElement("p");
  message.textContent = (data.error || words("The map could not be loaded.")) +
    (items.length ? " " + (dropped ? words("The map shows the network without these filters:")
      : words("The map still shows the last view. Change these filters:")) : "");
  box.replaceChildren(message, list);
  box.hidden = false;
}

export {words, summary, showProblems};
