// The map's state (filters, the wave changes are shown since, selected organization, embed mode) and its place in the URL.
// A view's address holds all of it, so a shared link opens the same view.

var LISTS = ["kind", "state", "status", "theme"];
// How organizations are drawn (app/map/appearance.py): in the address unless the default.
var DRAWN = {layout: ["layout", "network"], colour: ["color", "kind"], size: ["size", "relationships"]};

// Read a list given as repeated arguments or comma-separated ("kind=a&kind=b" or "kind=a,b").
function listOf(params, name) {
  var values = [];
  params.getAll(name).forEach(function (raw) {
    raw.split(",").forEach(function (part) {
      var value = part.trim();
      if (value && values.indexOf(value) === -1) { values.push(value); }
    });
  });
  return values;
}

function fromUrl(search) {
  var params = new URLSearchParams(search);
  return {
    wave: (params.get("wave") || "").trim(),
    since: (params.get("since") || "").trim(),
    kind: listOf(params, "kind"),
    state: listOf(params, "state").map(function (s) { return s.toUpperCase(); }),
    status: listOf(params, "status"),
    theme: listOf(params, "theme").map(function (t) { return t.toLowerCase(); }),
    confirmed: params.get("confirmed") === "1",
    org: (params.get("org") || "").trim(),
    embed: params.get("embed") === "1",
    layout: (params.get("layout") || DRAWN.layout[1]).trim(),
    colour: (params.get("color") || DRAWN.colour[1]).trim(),
    size: (params.get("size") || DRAWN.size[1]).trim()
  };
}

function checkedValues(form, name) {
  return Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'),
    function (box) { return box.checked; }).map(function (box) { return box.value; });
}

// Read the filters from the form, keeping the other parts of `state`.
function fromForm(form, state) {
  var stateSelect = form.elements.state;
  var chosenState = stateSelect.value;
  // The select shows one state; a link may have named several: keep them until it changes.
  var states = state.state.length > 1 && state.state.indexOf(chosenState) !== -1
    ? state.state : (chosenState ? [chosenState] : []);
  return {
    wave: form.elements.wave.value,
    since: form.elements.since.value,
    kind: checkedValues(form, "kind"),
    state: states,
    status: checkedValues(form, "status"),
    theme: checkedValues(form, "theme"),
    confirmed: form.elements.confirmed.checked,
    org: state.org,
    embed: state.embed,
    layout: form.elements.layout.value,
    colour: form.elements.color.value,
    size: form.elements.size.value
  };
}

function hasOption(select, value) {
  return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
}

// Show `state` in the form. Values the form does not offer are left out of the result:
// what it returns is the state the form can stand for.
function toForm(form, state) {
  ["wave", "since"].forEach(function (name) {
    var select = form.elements[name];
    select.value = hasOption(select, state[name]) ? state[name] : "";
  });
  // Both lists are the same waves, newest first: changes are shown only since an older one.
  var waves = form.elements.wave, since = form.elements.since;
  if (waves.value && since.value && since.selectedIndex <= waves.selectedIndex) {
    since.value = "";
  }
  ["kind", "status", "theme"].forEach(function (name) {
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) {
      box.checked = state[name].indexOf(box.value) !== -1;
    });
  });
  form.elements.confirmed.checked = Boolean(state.confirmed);
  var known = state.state.filter(function (s) { return hasOption(form.elements.state, s); });
  form.elements.state.value = known.length ? known[0] : "";
  Object.keys(DRAWN).forEach(function (key) {
    var select = form.elements[DRAWN[key][0]];
    select.value = hasOption(select, state[key]) ? state[key] : DRAWN[key][1];
  });
  return fromForm(form, {state: known, org: state.org, embed: state.embed});
}

function filterParams(state) {
  var params = new URLSearchParams();
  if (state.wave) { params.append("wave", state.wave); }
  if (state.since) { params.append("since", state.since); }
  LISTS.forEach(function (name) {
    state[name].forEach(function (value) { params.append(name, value); });
  });
  if (state.confirmed) { params.append("confirmed", "1"); }
  return params;
}

function pageParams(state) {
  var params = filterParams(state);
  Object.keys(DRAWN).forEach(function (key) {
    if (state[key] && state[key] !== DRAWN[key][1]) { params.append(DRAWN[key][0], state[key]); }
  });
  if (state.org) { params.append("org", state.org); }
  if (state.embed) { params.append("embed", "1"); }
  return params;
}

function withQuery(path, params) {
  var query = params.toString();
  return query ? path + "?" + query : path;
}

function writeUrl(state) {
  var url = withQuery(window.location.pathname, pageParams(state));
  if (url !== window.location.pathname + window.location.search) {
    window.history.replaceState(null, "", url);
    keepViewOnLanguageSwitch(url);
  }
}

// The header's language switch comes back to the page it was on: to this view, as
// it now is (its filters and chosen organization), not as the page was first served.
function keepViewOnLanguageSwitch(url) {
  document.querySelectorAll(".language-switch a[hreflang]").forEach(function (link) {
    var target = new URL(link.href, window.location.href);
    target.searchParams.set("next", url);
    link.href = target.pathname + target.search;
  });
}

function isFiltered(state) {
  return Boolean(state.wave || state.since || state.kind.length || state.state.length || state.status.length ||
    state.theme.length || state.confirmed);
}

function empty(state) {
  return {wave: "", since: "", kind: [], state: [], status: [], theme: [], confirmed: false, org: "",
    embed: state.embed,
    layout: DRAWN.layout[1], colour: DRAWN.colour[1], size: DRAWN.size[1]};
}

export {fromUrl, fromForm, toForm, filterParams, pageParams, withQuery, writeUrl, isFiltered, empty};
