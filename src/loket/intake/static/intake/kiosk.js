/* Kiosk and printed ticket. The kiosk keeps the code field ready for a barcode scanner; the
   ticket page prints itself and returns to the kiosk. Everything works without it too. */
(function () {
  "use strict";
  var body = document.body;

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  if (body.hasAttribute("data-autoprint")) {
    var back = body.getAttribute("data-return");
    var leave = function () { if (back) window.location.replace(back); };
    window.addEventListener("afterprint", function () { setTimeout(leave, 1500); });
    setTimeout(leave, 20000); // no print dialog (kiosk printing) or nobody touched it
    window.addEventListener("load", function () { window.print(); });
  }

  // A scanner "types" the QR content and presses Enter: keep the field focused between touches.
  var scan = document.querySelector("[data-scan]");
  if (scan) {
    document.addEventListener("keydown", function (event) {
      if (document.activeElement === scan || event.ctrlKey || event.altKey || event.metaKey) return;
      if (event.key.length === 1) scan.focus();
    });
  }

  // Back to the start after a minute without a touch, so the next citizen sees a clean screen.
  if (body.classList.contains("kiosk")) {
    var idle;
    var reset = function () {
      clearTimeout(idle);
      idle = setTimeout(function () { window.location.replace(window.location.pathname); }, 60000);
    };
    ["pointerdown", "keydown"].forEach(function (type) { document.addEventListener(type, reset); });
    reset();
  }
})();
