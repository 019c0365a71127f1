// A premiere without a host. The server said where the premiere stood when it sent the page
// (seconds to its start, or the live position, by the server's clock); the page adds the time
// elapsed since on the browser's monotonic clock (performance.now), so a wrong wall clock on
// the viewer's side changes nothing. Every viewer plays from start + elapsed; pausing is
// personal; "Revenir à la première" jumps back to the live position.
Lakou.ready(function () {
  "use strict";
  var root = document.querySelector("[data-premiere]");
  if (!root) { return; }
  var loadedAt = performance.now() / 1000;
  var toStart = parseFloat(root.getAttribute("data-seconds-to-start")) || 0;
  var served = parseFloat(root.getAttribute("data-position")) || 0;
  var duration = parseFloat(root.getAttribute("data-duration")) || 0;
  var countdown = root.querySelector("[data-countdown]");
  var countdownText = root.querySelector("[data-countdown-text]");
  var live = root.querySelector("[data-live]");
  var over = root.querySelector("[data-over]");
  var stage = root.querySelector("[data-stage]");
  var livePositionText = root.querySelector("[data-live-clock]");
  var myPositionText = root.querySelector("[data-my-position]");
  var rejoin = root.querySelector("[data-rejoin]");
  var note = root.querySelector("[data-player-note]");
  var media = null;
  var started = false;

  // Seconds into the work every viewer plays now: negative before the start.
  function livePosition() {
    return served - toStart + (performance.now() / 1000 - loadedAt);
  }

  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var mm = (h ? String(m).padStart(2, "0") : String(m)) + ":" + String(r).padStart(2, "0");
    return h ? h + ":" + mm : mm;
  }

  function load() {
    started = true;
    Lakou.api("GET", "/api/works/" + encodeURIComponent(root.getAttribute("data-work-id")) + "/playback")
      .then(function (playback) {
        var full = playback.full, preview = playback.preview || {};
        var hls = full && full.hls_master, file = (full && full.progressive) || preview.preview;
        if (!playback.kind || !(hls || file)) { return; }
        media = document.createElement(playback.kind === "audio" ? "audio" : "video");
        media.controls = true;
        media.setAttribute("playsinline", "");
        media.setAttribute("data-media", playback.kind);
        if (preview.poster) { media.poster = preview.poster; }
        stage.appendChild(media);
        if (hls && window.Hls && window.Hls.isSupported()) {
          var player = new window.Hls({ enableWorker: true });
          player.loadSource(hls);
          player.attachMedia(media);
        } else if (hls && media.canPlayType("application/vnd.apple.mpegurl")) {
          media.src = hls;
        } else {
          media.src = file;
        }
        media.addEventListener("loadedmetadata", backToLive, { once: true });
        root.setAttribute("data-mode", full ? "full" : "preview");
      })
      .catch(function (error) { note.textContent = error.message; });
  }

  function backToLive() {
    if (!media) { return; }
    media.currentTime = Math.max(0, livePosition());
    var playing = media.play();
    if (playing && playing.catch) { playing.catch(function () { /* autoplay refused: the viewer presses play */ }); }
  }

  function tick() {
    var position = livePosition();
    root.setAttribute("data-live-position", position.toFixed(1));
    var phase = position < 0 ? "countdown" : position >= duration ? "over" : "live";
    root.setAttribute("data-phase", phase);
    countdown.hidden = phase !== "countdown";
    live.hidden = phase !== "live";
    over.hidden = phase !== "over";
    if (phase === "countdown") {
      countdownText.textContent = clock(-position);
      return;
    }
    if (phase !== "live") { return; }
    if (!started) { load(); }
    livePositionText.textContent = clock(position);
    var mine = media ? media.currentTime : position;
    myPositionText.textContent = clock(mine);
    // Paused, or moved away: the viewer may rejoin the others.
    rejoin.hidden = !media || (!media.paused && Math.abs(mine - position) < 3);
  }

  rejoin.addEventListener("click", backToLive);
  tick();
  window.setInterval(tick, 250);
});
