// The review queue from the keyboard: j / k move, c confirms, d dismisses, o opens the article.
// Loaded as a file (the Content-Security-Policy allows no inline script); it never reads article content.
(function () {
  "use strict";
  function items() { return Array.prototype.slice.call(document.querySelectorAll(".queue-item")); }
  var current = 0;
  function focus(index) {
    var all = items();
    if (!all.length) { return; }
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (item, i) { item.classList.toggle("current", i === current); });
    all[current].focus({ preventScroll: false });
  }
  function decide(decision) {
    var item = items()[current];
    if (!item) { return; }
    var form = item.querySelector('form[data-decision="' + decision + '"]');
    if (form) { form.submit(); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.getElementById("queue")) { return; }
    focus(0);
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) { return; }
      if (event.key === "j") { focus(current + 1); }
      else if (event.key === "k") { focus(current - 1); }
      else if (event.key === "c") { decide("confirmed"); }
      else if (event.key === "d") { decide("dismissed"); }
      else if (event.key === "o") { var link = items()[current] && items()[current].querySelector("a.title"); if (link) { link.click(); } }
      else { return; }
      event.preventDefault();
    });
  });
}());
