// Survey forms: "add another" and "remove" work in place, without a round trip, names are
// suggested as they are typed, long answers count the room left, and the send button says
// it is sending and cannot send twice. Without JavaScript the same buttons post the form,
// the server redraws it, a typed name is matched on the server and the limit is enforced
// there. The words come from the page (data-words), so they are in the page's language.

var INDEXED = /^(.*?)-(\d+)(-.*)?$/;

function highestIndex(list) {
  var highest = -1;
  list.querySelectorAll("[name]").forEach(function (el) {
    var match = INDEXED.exec(el.name);
    if (match && match[1] === list.dataset.repeat) {
      highest = Math.max(highest, parseInt(match[2], 10));
    }
  });
  return highest;
}

function renumber(list) {
  list.querySelectorAll("[data-repeat-number]").forEach(function (el, i) {
    el.textContent = String(i + 1);
  });
  var items = list.querySelectorAll("[data-repeat-item]");
  items.forEach(function (item) {
    var remove = item.querySelector("[data-repeat-remove]");
    if (remove) { remove.hidden = items.length < 2; }
  });
}

function clearItem(item, prefix, newIndex) {
  var pattern = new RegExp("^" + prefix + "-\\d+");
  var replacement = prefix + "-" + newIndex;
  item.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
    ["name", "id", "for"].forEach(function (attr) {
      var value = el.getAttribute(attr);
      if (value) { el.setAttribute(attr, value.replace(pattern, replacement)); }
    });
    if (el.hasAttribute("aria-describedby")) {
      var ids = el.getAttribute("aria-describedby").split(" ").filter(function (id) {
        return id.indexOf("-errors") === -1;
      }).map(function (id) { return id.replace(pattern, replacement); });
      if (ids.length) { el.setAttribute("aria-describedby", ids.join(" ")); }
      else { el.removeAttribute("aria-describedby"); }
    }
    // Every typed field starts empty: text, email (a partner's private address must not
    // pass to the next partner), url, number, date... Only inputs whose value is not typed
    // are left out: hidden ones are kept, ticks and buttons are handled apart.
    if (el.matches("textarea, input:not([type=hidden]):not([type=checkbox])" +
        ":not([type=radio]):not([type=submit]):not([type=button]):not([type=reset])" +
        ":not([type=image])")) {
      el.value = "";
    }
    if (el.matches("select")) { el.selectedIndex = 0; }
    if (el.matches("input[type=checkbox]")) { el.checked = false; }  // a new partner's themes
    // A new entry starts on the first choice of each radio group, as a blank server-side entry does.
    if (el.matches("input[type=radio]")) {
      el.checked = el === item.querySelector('input[type=radio][name="' + el.name + '"]');
    }
    el.removeAttribute("aria-invalid");
  });
  item.querySelectorAll(".field-errors").forEach(function (el) { el.remove(); });
  // The room-left count belongs to the copied answer; the new field makes its own.
  item.querySelectorAll(".room-left").forEach(function (el) { el.remove(); });
  item.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
  var remove = item.querySelector("[data-repeat-remove]");
  if (remove) { remove.value = "remove:" + prefix + ":" + newIndex; }
}

function addItem(list, button) {
  var items = list.querySelectorAll("[data-repeat-item]");
  var limit = parseInt(list.dataset.repeatMax || "0", 10);
  if (limit && items.length >= limit) {
    button.disabled = true;
    return;
  }
  var template = items[items.length - 1];
  var copy = template.cloneNode(true);
  clearItem(copy, list.dataset.repeat, highestIndex(list) + 1);
  list.appendChild(copy);
  renumber(list);
  if (limit && items.length + 1 >= limit) { button.disabled = true; }
  var first = copy.querySelector("input:not([type=hidden]), textarea, select");
  if (first) { first.focus(); }
}

function removeItem(item) {
  var list = item.closest("[data-repeat]");
  if (list.querySelectorAll("[data-repeat-item]").length < 2) { return; }
  var next = item.nextElementSibling || item.previousElementSibling;
  item.remove();
  renumber(list);
  var add = document.querySelector('[data-repeat-add="' + list.dataset.repeat + '"]');
  if (add) { add.disabled = false; }
  var focusTarget = next && next.querySelector("input:not([type=hidden]), textarea, select");
  if (focusTarget) { focusTarget.focus(); }
}

document.addEventListener("click", function (event) {
  var add = event.target.closest("[data-repeat-add]");
  if (add) {
    var list = document.querySelector('[data-repeat="' + add.dataset.repeatAdd + '"]');
    if (list) {
      event.preventDefault();
      addItem(list, add);
    }
    return;
  }
  var remove = event.target.closest("[data-repeat-remove]");
  if (remove) {
    event.preventDefault();
    removeItem(remove.closest("[data-repeat-item]"));
  }
});

// Suggestions: the page carries no list of names; its datalists fill with a few public
// names matching what is typed, asked of /api/suggest once typing pauses.
var typing = null;

function suggest(input, list) {
  var text = input.value.trim();
  if (text.length < 2) { return; }
  var url = list.dataset.suggestUrl + "?for=" + encodeURIComponent(list.dataset.suggest) +
    "&q=" + encodeURIComponent(text);
  fetch(url, {headers: {Accept: "application/json"}}).then(function (response) {
    return response.ok ? response.json() : [];
  }).then(function (names) {
    if (input.value.trim() !== text) { return; }
    list.replaceChildren.apply(list, names.map(function (name) {
      var option = document.createElement("option");
      option.value = name;
      return option;
    }));
  }).catch(function () { /* no suggestions: the answer is typed in full instead */ });
}

document.addEventListener("input", function (event) {
  var input = event.target, list = input.list;
  if (!list || !list.dataset.suggest) { return; }
  clearTimeout(typing);
  typing = setTimeout(function () { suggest(input, list); }, 200);
});

// "{left} characters left" near a long answer's limit, read out when it changes.
var form = document.querySelector("[data-survey-form]");
var words = form ? JSON.parse(form.dataset.words || "{}") : {};
var COUNT_FROM = 0.8; // show the count once four fifths of the room is used

function counterFor(field) {
  var id = field.id + "-room";
  var counter = document.getElementById(id);
  if (!counter) {
    counter = document.createElement("p");
    counter.id = id;
    counter.className = "room-left";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
  }
  return counter;
}

function showRoom(field) {
  var limit = parseInt(field.getAttribute("maxlength") || "0", 10);
  if (!limit) { return; }
  var left = limit - field.value.length;
  var counter = counterFor(field);
  var near = field.value.length >= limit * COUNT_FROM;
  counter.hidden = !near;
  counter.textContent = near ? (words.room_left || "%(left)s characters left")
    .replace("%(left)s", String(left)).replace("%(limit)s", String(limit)) : "";
}

document.addEventListener("input", function (event) {
  if (event.target.matches("textarea[maxlength]")) { showRoom(event.target); }
});
document.querySelectorAll("textarea[maxlength]").forEach(showRoom);

// Sending: the button says so and a second press sends nothing more. List buttons
// ("add another", "remove") post the form too, without JavaScript only.
if (form) {
  var sending = false;
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.name === "list_action") { return; }
    if (sending) { event.preventDefault(); return; }
    sending = true;
    form.querySelectorAll("[data-send]").forEach(function (send) {
      send.setAttribute("aria-disabled", "true");
      send.dataset.label = send.textContent;
      send.textContent = words.sending || "Sending…";
    });
  });
  // Coming back to the page (the browser's Back button) gives a button that sends again.
  window.addEventListener("pageshow", function () {
    sending = false;
    form.querySelectorAll("[data-send]").forEach(function (send) {
      send.removeAttribute("aria-disabled");
      if (send.dataset.label) { send.textContent = send.dataset.label; }
    });
  });
}

document.querySelectorAll("[data-repeat]").forEach(renumber);
var summary = document.querySelector("[data-error-summary]");
if (summary) { summary.focus(); }
