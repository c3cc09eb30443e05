// Progressive enhancement only: every page works without it.
// Opens the "removed furniture" panel when the page is opened at #removed.
document.addEventListener("DOMContentLoaded", function () {
  if (location.hash === "#removed") {
    var panel = document.getElementById("removed");
    if (panel) panel.open = true;
  }
});
