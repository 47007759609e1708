/* Small enhancements; every page works without them. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    // The city administrator's office chooser reloads the page on change.
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });

    // "Print" buttons on slips.
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });

    // Pickup: the representative's name and relation only matter when a representative collects.
    document.querySelectorAll("form[data-pickup]").forEach(function (form) {
      var block = form.querySelector("[data-representative]");
      if (!block) return;
      function sync() {
        var chosen = form.querySelector("input[name=collector_kind]:checked");
        block.hidden = !chosen || chosen.value !== "representative";
      }
      form.addEventListener("change", sync);
      sync();
    });
  });
})();
