// The side panel: an organization's or a relationship's details, fetched from the API.
// Every name and answer is user text: it is set with textContent, never parsed as HTML.

import {words} from "./map-text.js";
import {render, renderEdge} from "./map-panel-org.js";

var opts, panel, title, body, returnFocus = null, request = 0;

// Build an element whose text is `text` (set as text).
function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = String(text); }
  return node;
}

function heading(text) { return el("h3", null, text); }

function note(text) { return el("p", "note", text); }

// A button that selects an organization on the map (or plain text when it is not public).
function orgButton(org) {
  if (!org || !org.slug) { return el("span", null, org ? org.name : ""); }
  var button = el("button", "org-button", org.name);
  button.type = "button";
  button.addEventListener("click", function () { opts.onSelectOrg(org.slug); });
  return button;
}

function pageLink(slug, text) {
  var link = el("a", null, text);
  link.href = opts.orgPageUrl + encodeURIComponent(slug);
  if (opts.embed) { link.target = "_blank"; link.rel = "noopener"; }
  return link;
}

// Only web addresses become links: a "javascript:" URL typed in a survey stays text.
function webLink(url) {
  if (!/^https?:\/\//i.test(url || "")) { return null; }
  var link = el("a", null, url);
  link.href = url;
  link.rel = "noopener nofollow ugc";
  link.target = "_blank";
  return link;
}

// A definition list of the answers that are not empty: [[label, text], ...].
function answers(pairs) {
  var list = el("dl");
  pairs.forEach(function (pair) {
    if (pair[1]) {
      list.appendChild(el("dt", null, pair[0]));
      list.appendChild(el("dd", null, pair[1]));
    }
  });
  return list.childNodes.length ? list : null;
}

function meta(parts) {
  return el("p", "meta", parts.filter(Boolean).join(" · "));
}

function place(org) {
  return [org.city, org.state].filter(Boolean).join(", ");
}

// Given to map-panel-org.js, which lays out the details with them (and imports nothing
// from here: the panel imports it).
var parts = {
  el: el, heading: heading, note: note, orgButton: orgButton, pageLink: pageLink,
  webLink: webLink, answers: answers, meta: meta, place: place
};

function begin(text) {
  request += 1;
  title.textContent = text;
  body.replaceChildren(el("p", "note", words("Loading…")));
  return request;
}

function open(focus) {
  var wasHidden = panel.hidden;
  if (wasHidden && focus) {
    returnFocus = document.activeElement !== document.body ? document.activeElement : null;
  }
  panel.hidden = false;
  if (focus) { panel.focus(); }
  return wasHidden;
}

function failed(response) {
  var message = response && response.status === 404
    ? words("This organization or relationship is not on the public map (any more).")
    : words("The details could not be loaded. Please try again.");
  body.replaceChildren(el("p", "note", message));
}

// An organization's details asked for as soon as a finger or button comes down on it,
// before the tap is over (on a phone, the map takes a while to tell a tap from a drag):
// {url, answer}, taken by the next request for the same address.
var early = null;

function prefetch(slug) {
  var url = opts.orgUrl + encodeURIComponent(slug);
  if (!early || early.url !== url) {
    early = {url: url, answer: fetch(url, {headers: {Accept: "application/json"}})};
  }
}

function ask(url) {
  var answer = early && early.url === url ? early.answer : null;
  early = null;
  return answer || fetch(url, {headers: {Accept: "application/json"}});
}

function fetchJson(url, ticket, render) {
  return ask(url).then(function (response) {
    if (ticket !== request) { return; }
    if (!response.ok) { failed(response); return; }
    return response.json().then(function (data) {
      if (ticket === request) { render(data); }
    });
  }).catch(function () {
    if (ticket === request) { failed(null); }
  });
}

function showOrg(slug, options) {
  var ticket = begin(options.name || words("Organization"));
  open(options.focus);
  return fetchJson(opts.orgUrl + encodeURIComponent(slug), ticket, function (org) {
    title.textContent = org.name;
    render(body, org, options, parts);
  });
}

function showEdge(id, options) {
  var ticket = begin(words("Relationship"));
  open(options.focus);
  return fetchJson(opts.edgeUrl + encodeURIComponent(id), ticket, function (edge) {
    renderEdge(body, title, edge, parts);
  });
}

function close() {
  if (panel.hidden) { return; }
  request += 1;
  panel.hidden = true;
  body.replaceChildren();
  var target = returnFocus && document.contains(returnFocus) ? returnFocus : opts.fallbackFocus;
  returnFocus = null;
  if (target) { target.focus(); }
  opts.onClose();
}

function init(options) {
  opts = options;
  panel = document.getElementById("map-panel");
  title = document.getElementById("map-panel-title");
  body = document.getElementById("map-panel-body");
  document.getElementById("map-panel-close").addEventListener("click", close);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) { close(); }
  });
}

export {init, prefetch, showOrg, showEdge, close, place};
