/* The waiting-room display. Runs all day on a TV, so it is careful about resources:
   - one polling loop (setTimeout chain, never overlapping requests, each with a timeout);
   - the DOM is rebuilt in place (replaceChildren), so it never grows;
   - one AudioContext for the whole day, one clock interval, bounded announcement queue;
   - remembered call ids are capped.
   A call appears within one poll (1 s) plus the request time. */
(function () {
  "use strict";

  var root = document.getElementById("board");
  if (!root) return;

  var STATE_URL = root.dataset.stateUrl;
  var POLL_MS = Number(root.dataset.pollMs) || 1000;
  var FULL_EVERY_MS = 60000; // refresh wait estimates even when nothing was called
  var TIMEOUT_MS = 8000;
  var MAX_REMEMBERED = 100;
  var MAX_PENDING = 6;
  var texts = JSON.parse(document.getElementById("board-texts").textContent);

  var version = root.dataset.version;
  var day = root.dataset.day;
  var announced = JSON.parse(root.dataset.announced || "[]");
  var lastFull = Date.now();
  var pending = [];
  var speaking = false;
  var audio = null;
  var soundOn = false;
  var flashTimer = null;

  var el = {
    clock: root.querySelector("[data-clock]"),
    nowNumber: root.querySelector("[data-now-number]"),
    nowStation: root.querySelector("[data-now-station]"),
    nowPanel: root.querySelector(".board-now"),
    stations: root.querySelector("[data-stations]"),
    queues: root.querySelector("[data-queues]"),
    offline: root.querySelector("[data-offline]"),
    sound: root.querySelector("[data-sound]"),
  };

  function node(tag, className, text) {
    var n = document.createElement(tag);
    if (className) n.className = className;
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  // Rendering ------------------------------------------------------------------------------

  function renderStations(stations) {
    el.stations.replaceChildren.apply(el.stations, stations.map(function (s) {
      var li = node("li", "station" + (s.in_service ? "" : " station-closed"));
      li.append(node("span", "station-name", s.name),
        node("span", "station-ticket", s.in_service ? (s.serving || "–") : texts.closed));
      return li;
    }));
  }

  function renderQueues(queues) {
    el.queues.replaceChildren.apply(el.queues, queues.map(function (q) {
      var box = node("div", "queue");
      var head = node("h3", null, q.kind + " ");
      head.append(node("small", null, fill(texts.waiting, { n: q.waiting }) + " · " + q.wait));
      var list = node("ol", "next");
      if (q.next.length) {
        q.next.forEach(function (n) { list.append(node("li", null, n)); });
      } else {
        list.append(node("li", "none", "–"));
      }
      box.append(head, list);
      return box;
    }));
  }

  function showCall(call) {
    el.nowNumber.textContent = call.number;
    el.nowStation.textContent = fill(texts.please_go, { name: call.station_name });
    el.nowPanel.classList.add("flash");
    clearTimeout(flashTimer);
    flashTimer = setTimeout(function () { el.nowPanel.classList.remove("flash"); }, 4000);
  }

  function render(state) {
    if (state.day !== day) {
      window.location.reload(); // a new day: new hours, fresh page
      return;
    }
    renderStations(state.stations);
    renderQueues(state.queues);
    var fresh = state.calls.filter(function (c) { return announced.indexOf(c.id) === -1; });
    fresh.reverse().forEach(function (call) { // oldest first
      announced.push(call.id);
      showCall(call);
      enqueue(call.text);
    });
    if (announced.length > MAX_REMEMBERED) announced = announced.slice(-MAX_REMEMBERED);
  }

  // Sound ------------------------------------------------------------------------------------

  function chime(done) {
    if (!audio) { done(); return; }
    var t = audio.currentTime;
    [[880, 0], [660, 0.45]].forEach(function (tone) { // "ding-dong"
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = tone[0];
      gain.gain.setValueAtTime(0.0001, t + tone[1]);
      gain.gain.exponentialRampToValueAtTime(0.4, t + tone[1] + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + tone[1] + 0.8);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(t + tone[1]);
      osc.stop(t + tone[1] + 0.85);
      osc.onended = function () { osc.disconnect(); gain.disconnect(); };
    });
    setTimeout(done, 1300);
  }

  function indonesianVoice() {
    var voices = window.speechSynthesis ? window.speechSynthesis.getVoices() : [];
    for (var i = 0; i < voices.length; i++) {
      if (/^id([-_]|$)/i.test(voices[i].lang)) return voices[i];
    }
    return null;
  }

  function speak(text, done) {
    root.dataset.lastAnnouncement = text; // visible to tests and to anyone debugging the TV
    if (!soundOn || !window.speechSynthesis) { done(); return; }
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "id-ID";
    utterance.rate = 0.9;
    var voice = indonesianVoice();
    if (voice) utterance.voice = voice;
    var finished = false;
    // Some engines never fire "end": never let one stuck utterance block the queue.
    var guard = setTimeout(finish, 12000);
    function finish() {
      if (finished) return;
      finished = true;
      clearTimeout(guard);
      done();
    }
    utterance.onend = finish;
    utterance.onerror = finish;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
  }

  function enqueue(text) {
    pending.push(text);
    if (pending.length > MAX_PENDING) pending.shift(); // a burst of calls: skip the oldest
    next();
  }

  function next() {
    if (speaking || !pending.length) return;
    speaking = true;
    var text = pending.shift();
    var finish = function () { speaking = false; next(); };
    if (!soundOn) { speak(text, finish); return; }
    chime(function () { speak(text, finish); });
  }

  function enableSound() {
    if (soundOn) return;
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio) audio = new Context();
    if (audio && audio.state === "suspended") audio.resume();
    soundOn = true;
    el.sound.setAttribute("aria-pressed", "true");
    el.sound.textContent = texts.sound_on;
  }

  el.sound.addEventListener("click", enableSound);
  document.addEventListener("keydown", enableSound, { once: true });
  // A kiosk browser started with autoplay allowed needs no click.
  try {
    var Probe = window.AudioContext || window.webkitAudioContext;
    if (Probe) {
      audio = new Probe();
      if (audio.state === "running") enableSound();
    }
  } catch (e) { audio = null; }

  // Polling ----------------------------------------------------------------------------------

  function poll() {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, TIMEOUT_MS);
    var full = Date.now() - lastFull > FULL_EVERY_MS;
    var url = STATE_URL + "?v=" + encodeURIComponent(full ? "" : version);
    fetch(url, { cache: "no-store", credentials: "same-origin", signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (state) {
        el.offline.hidden = true;
        version = String(state.v);
        if (state.stations) {
          lastFull = Date.now();
          render(state);
        }
      })
      .catch(function () { el.offline.hidden = false; })
      .then(function () {
        clearTimeout(timer);
        setTimeout(poll, POLL_MS);
      });
  }

  function tick() {
    var now = new Date();
    el.clock.textContent = now.toLocaleTimeString(document.documentElement.lang || "id", {
      hour: "2-digit", minute: "2-digit",
    });
  }

  tick();
  setInterval(tick, 1000);
  setTimeout(poll, POLL_MS);
})();
