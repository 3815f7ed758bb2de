// The review page's keyboard shortcuts: a key clicks (or, for a field, focuses) the element
// marked data-shortcut="key". Never while typing in a field, nor with Ctrl, Alt or Meta held.
// Without JavaScript the page works the same by its buttons and links, and the list stays hidden.

function typing(target) {
  return Boolean(target && target.closest &&
    (target.isContentEditable || target.closest("input, textarea, select, [contenteditable]")));
}

function press(event) {
  if (event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey ||
      event.shiftKey || typing(event.target) || !/^[a-z]$/.test(event.key)) { return; }
  var element = document.querySelector('[data-shortcut="' + event.key + '"]');
  if (!element) { return; }
  event.preventDefault();
  if (element.matches("input, textarea, select")) {
    element.scrollIntoView({block: "center"});
    element.focus();
  } else {
    element.click();
  }
}

if (document.querySelector("[data-shortcut]")) {
  var list = document.getElementById("review-shortcuts");
  if (list) { list.hidden = false; }
  document.addEventListener("keydown", press);
}
