// A screener's player. The page opens a view (POST …/open), plays the viewing's playlist (hls.js,
// or native HLS) or shows its book, and reports to the server every 15 s and at pause, seek and
// end. Over the player, a canvas shows the viewer's name, organisation and the time; it moves now
// and then, and if the canvas is removed or hidden through the DOM, it is put back at once.
Lakou.ready(function () {
  "use strict";
  var root = document.querySelector("[data-screener]");
  if (!root) { return; }
  var form = root.querySelector("[data-open-form]");
  var stage = root.querySelector("[data-stage]");
  var errorBox = root.querySelector("[data-screener-error]");
  var BEAT_MS = 15000;

  function browserKey() {
    var name = "lakou.screener.browser";
    var key = null;
    try { key = window.localStorage.getItem(name); } catch (e) { key = null; }
    if (!key) {
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      key = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      try { window.localStorage.setItem(name, key); } catch (e) { /* private mode: a key per page */ }
    }
    return key;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  // The overlay --------------------------------------------------------------------------
  function overlay(person) {
    var canvas = null;
    var corner = 0;
    function text() {
      var now = new Date();
      var parts = [person.name, person.organisation, now.toLocaleString(document.documentElement.lang || "fr")];
      return parts.filter(function (p) { return p; }).join(" · ");
    }
    function make() {
      canvas = document.createElement("canvas");
      canvas.className = "screener-overlay";
      canvas.setAttribute("data-overlay", "");
      canvas.setAttribute("role", "img");
      return canvas;
    }
    function draw() {
      if (!canvas) { return; }
      var width = stage.clientWidth || 640, height = stage.clientHeight || 360;
      if (canvas.width !== width) { canvas.width = width; }
      if (canvas.height !== height) { canvas.height = height; }
      var label = text();
      canvas.setAttribute("aria-label", label);
      var context = canvas.getContext("2d");
      context.clearRect(0, 0, width, height);
      var size = Math.max(14, Math.round(width / 40));
      context.font = "600 " + size + "px sans-serif";
      var measured = context.measureText(label).width;
      var x = corner % 2 === 0 ? 16 : Math.max(16, width - measured - 16);
      var y = corner < 2 ? size + 12 : height - 16;
      context.fillStyle = "rgba(0, 0, 0, 0.35)";
      context.fillRect(x - 8, y - size - 4, measured + 16, size + 12);
      context.fillStyle = "rgba(255, 255, 255, 0.8)";
      context.fillText(label, x, y);
    }
    function restore() {
      if (!canvas || !stage.contains(canvas)) { stage.appendChild(canvas || make()); }
      // A canvas hidden or shrunk through its attributes is reset, too.
      canvas.removeAttribute("style");
      canvas.hidden = false;
      draw();
    }
    stage.appendChild(make());
    var watcher = new MutationObserver(function () {
      if (!stage.contains(canvas) || canvas.hidden || canvas.getAttribute("style")) {
        restore();
      }
    });
    watcher.observe(stage, { childList: true, subtree: true, attributes: true, attributeFilter: ["style", "hidden", "class"] });
    draw();
    window.setInterval(draw, 1000);
    window.setInterval(function () { corner = (corner + 1) % 4; }, 20000);
    window.addEventListener("resize", draw);
  }

  // Heartbeats ---------------------------------------------------------------------------
  function reporter(url, media) {
    var played = 0;
    var last = null;
    var stopped = false;
    media.addEventListener("timeupdate", function () {
      var now = media.currentTime;
      if (last !== null && !media.seeking && now > last && now - last < 2) { played += now - last; }
      last = now;
    });
    function beat(event) {
      if (stopped) { return; }
      var body = { event: event, position_s: Math.max(0, media.currentTime || 0), played_s: Math.min(3600, played) };
      played = 0;
      Lakou.api("POST", url, body).catch(function (error) {
        if (error.status === 409 || error.status === 403) {
          stopped = true;
          media.pause();
          media.removeAttribute("src");
          showError(error.message);
        }
      });
    }
    media.addEventListener("pause", function () { if (!media.ended) { beat("pause"); } });
    media.addEventListener("play", function () { beat("play"); });
    media.addEventListener("seeked", function () { last = media.currentTime; beat("seek"); });
    media.addEventListener("ended", function () { beat("ended"); });
    window.setInterval(function () { if (!media.paused) { beat("tick"); } }, BEAT_MS);
    window.addEventListener("pagehide", function () { beat("pause"); });
  }

  function play(opened) {
    var media = document.createElement("video");
    media.controls = true;
    media.setAttribute("playsinline", "");
    media.setAttribute("controlsList", "nodownload");
    media.setAttribute("data-media", opened.kind);
    media.addEventListener("contextmenu", function (event) { event.preventDefault(); });
    stage.appendChild(media);
    if (window.Hls && window.Hls.isSupported()) {
      // Subtitles are <track> elements (versions.js): hls.js renders none.
      var player = new window.Hls({ enableWorker: true, enableWebVTT: false });
      // The film's language versions, chosen below the player (versions.js).
      if (window.LakouScreenerVersions) { window.LakouScreenerVersions.attach(root, stage, player, media); }
      player.loadSource(opened.playlist);
      player.attachMedia(media);
      stage.setAttribute("data-engine", "hls.js");
    } else {
      media.src = opened.playlist;
      stage.setAttribute("data-engine", "native-hls");
    }
    if (opened.position_s > 0) {
      media.addEventListener("loadedmetadata", function () { media.currentTime = opened.position_s; }, { once: true });
    }
    reporter(opened.heartbeat, media);
  }

  function read(opened) {
    var frame = document.createElement("iframe");
    frame.src = opened.document;
    frame.title = document.title;
    frame.setAttribute("data-document", "");
    stage.appendChild(frame);
  }

  // While the viewer's marked copy is being prepared (409 screener_preparing), the page says
  // so and asks again by itself; nothing is spent until a view really opens.
  var preparingNote = root.querySelector("[data-preparing-note]");
  var RETRY_MS = 10000;
  var retry = null;

  function openView() {
    errorBox.hidden = true;
    var password = form.querySelector("input[name=password]");
    var body = { browser: browserKey() };
    if (password) { body.password = password.value; }
    Lakou.api("POST", root.getAttribute("data-open-url"), body)
      .then(function (opened) {
        preparingNote.hidden = true;
        root.removeAttribute("data-preparing");
        form.hidden = true;
        stage.hidden = false;
        stage.setAttribute("data-kind", opened.kind);
        if (opened.playlist) { play(opened); } else { read(opened); }
        overlay(opened.overlay);
        root.setAttribute("data-opened", "");
      })
      .catch(function (error) {
        if (error.code === "screener_preparing") {
          preparingNote.hidden = false;
          root.setAttribute("data-preparing", "");
          window.clearTimeout(retry);
          retry = window.setTimeout(openView, RETRY_MS);
          return;
        }
        preparingNote.hidden = true;
        root.removeAttribute("data-preparing");
        showError(error.message);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(retry);
    openView();
  });
});
