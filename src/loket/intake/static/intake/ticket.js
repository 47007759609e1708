/* The citizen's live ticket page: when the turn is near or the ticket is called, say so in the tab
   title, and (once the citizen has tapped the button: browsers allow sound and vibration only after
   a tap) beep and vibrate. Each state alerts once; the status itself is refreshed by htmx. */
(function () {
  "use strict";
  var title = document.title;
  var armed = false;
  var audio = null;
  var last = sessionStorage.getItem("loket-ticket-alert") || "";

  function beep() {
    if (!audio) return;
    var now = audio.currentTime;
    [0, 0.35].forEach(function (offset) {
      var tone = audio.createOscillator();
      var gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.25, now + offset);
      gain.gain.exponentialRampToValueAtTime(0.001, now + offset + 0.3);
      tone.connect(gain).connect(audio.destination);
      tone.start(now + offset);
      tone.stop(now + offset + 0.3);
    });
  }

  function check() {
    var marker = document.querySelector(".ticket-status [data-alert]");
    var state = marker ? marker.getAttribute("data-alert") : "";
    document.title = marker ? "\u23F0 " + marker.textContent.trim() : title;
    if (!state || state === last) return;
    last = state;
    sessionStorage.setItem("loket-ticket-alert", state);
    if (armed) {
      beep();
      if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".ticket-alerts");
    var button = document.querySelector("[data-alerts-on]");
    if (!box || !button) return;
    box.hidden = false;
    button.addEventListener("click", function () {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (Context && !audio) audio = new Context();
      armed = true;
      button.hidden = true;
      document.querySelector("[data-alerts-ready]").hidden = false;
      beep();  // the citizen hears what to listen for
    });
    check();
  });
  document.body.addEventListener("htmx:afterSwap", check);
})();
