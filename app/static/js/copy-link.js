// "Copy link": puts a private link on the clipboard, and says so. Without JavaScript (or a
// clipboard) the button stays hidden and the link is there to select and copy by hand.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  var source = document.getElementById(button.dataset.copy);
  var said = document.getElementById(button.dataset.copy + "-copied");
  if (!source || !navigator.clipboard) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      said.textContent = button.dataset.copied;
    }, function () {
      window.getSelection().selectAllChildren(source);
      said.textContent = button.dataset.select;
    });
  });
});
