// What the map page says in words: the summary of what is shown (read out by screen
// readers as it changes) and the messages about filters the API refused.
(function () {
  "use strict";

  var CM = window.ConstellationMap = window.ConstellationMap || {};

  function plural(count, one, many) { return count + " " + (count === 1 ? one : many); }

  function listed(items) {
    if (items.length < 2) { return items.join(""); }
    return items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
  }

  function summary(counts, state) {
    if (!counts.organizations) {
      return "No organization matches these filters. Choose Reset to see the whole network.";
    }
    var types = counts.by_type || {};
    var kinds = [
      [types.partnership, "partnership", "partnerships"],
      [types.learning, "learning interest", "learning interests"],
      [types.involvement, "involvement link", "involvement links"]
    ].filter(function (t) { return t[0]; }).map(function (t) { return plural(t[0], t[1], t[2]); });
    var text = plural(counts.brigades, "brigade", "brigades") + ", " +
      plural(counts.other_organizations, "other organization", "other organizations") + ", " +
      plural(counts.relationships, "relationship", "relationships") +
      (kinds.length ? " (" + kinds.join(", ") + ")" : "");
    if (counts.changes) { return text + ". " + changes(counts.changes); }
    if (counts.waves && counts.waves.length) { text += " in " + listed(counts.waves); }
    return text + (CM.state.isFiltered(state) ? ", with the filters chosen." : ".");
  }

  // "Since 2022 …: 5 new (drawn thick), 40 continuing, 3 ended (faded) …"
  function changes(c) {
    var compared = c.to ? c.to.name : "each organization's latest answers";
    var parts = [
      plural(c["new"], "new relationship", "new relationships") + " (drawn thick)",
      c.continuing + " continuing",
      c.ended + " ended (faded, dashed)"
    ];
    if (c.unconfirmed) { parts.push(c.unconfirmed + " not confirmed (thin)"); }
    var text = "Changes since " + c.since.name + ", in " + compared + ": " + listed(parts) + ".";
    if (c.not_answered_again) {
      text += " " + plural(c.not_answered_again, "organization that answered " + c.since.name +
        " has", "organizations that answered " + c.since.name + " have") + " not answered again.";
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
    message.textContent = (data.error || "The map could not be loaded.") +
      (items.length ? (dropped ? " The map shows the network without these filters:"
        : " The map still shows the last view. Change these filters:") : "");
    box.replaceChildren(message, list);
    box.hidden = false;
  }

  CM.text = {summary: summary, showProblems: showProblems};
}());
