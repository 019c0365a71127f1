// The embed's player: reports seconds played (marked as coming from an embed, with the site it
// is embedded in) and, in a selection, plays the work a listener picks. No library, no cookie.
(function () {
  "use strict";
  var root = document.querySelector("[data-embed]");
  if (!root) { return; }
  var stage = root.querySelector("[data-embed-stage]");
  var referrer = root.getAttribute("data-referrer") || "";
  var current = null;  // {token, played} of the media now in the stage

  function tokenOf(url) {
    var parts = new URL(url, location.href).pathname.split("/");
    return parts.length > 3 && parts[1] === "media" ? parts[2] : null;
  }

  function send() {
    if (!current || current.played < 1 || !current.token) { return; }
    var body = { token: current.token, seconds: Math.round(current.played * 10) / 10, source: "embed" };
    if (referrer) { body.referrer = referrer; }
    current.played = 0;
    fetch("/api/plays", {
      method: "POST",
      credentials: "omit",
      keepalive: true,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).catch(function () { /* an unreported play is not worth bothering the listener */ });
  }

  function follow(media) {
    var state = { token: tokenOf(media.currentSrc || media.src), played: 0 };
    var last = null;
    current = state;
    media.addEventListener("timeupdate", function () {
      if (last !== null && !media.paused && !media.seeking) {
        var delta = media.currentTime - last;
        if (delta > 0 && delta < 2) { state.played += delta; }
      }
      last = media.currentTime;
    });
    media.addEventListener("seeking", function () { last = null; });
    media.addEventListener("pause", send);
    media.addEventListener("ended", send);
    media.addEventListener("error", function () {
      // A stream this browser cannot play (HLS without native support): the preview instead.
      var fallback = media.getAttribute("data-fallback");
      if (fallback) {
        media.removeAttribute("data-fallback");
        media.src = fallback;
        state.token = tokenOf(fallback);
      }
    });
  }

  function show(data) {
    send();
    var player = data.player;
    stage.textContent = "";
    stage.setAttribute("data-mode", player ? (player.full ? "full" : "preview") : "none");
    var title = root.querySelector("[data-embed-title]");
    title.textContent = data.title;
    title.href = "/oeuvres/" + data.work_id;
    var mode = root.querySelector("[data-embed-mode]");
    mode.textContent = data.mode;
    mode.hidden = !data.mode;
    mode.className = "mode" + (player && player.full ? " full" : "");
    var note = root.querySelector("[data-embed-note]");
    note.textContent = data.note;
    var cover = root.querySelector("[data-embed-cover]");
    cover.src = data.picture || "/oeuvres/" + data.work_id + "/couverture";
    cover.hidden = !!player && player.kind === "video";
    root.classList.toggle("is-video", !!player && player.kind === "video");
    if (!player) { return; }
    var element = document.createElement(player.kind === "image" ? "img" : player.kind);
    element.src = player.src;
    if (player.kind === "image") {
      element.className = "picture";
      element.alt = "";
      stage.appendChild(element);
      return;
    }
    element.controls = true;
    element.setAttribute("data-embed-media", "");
    if (player.fallback) { element.setAttribute("data-fallback", player.fallback); }
    if (player.poster) { element.poster = player.poster; }
    if (player.kind === "video") { element.setAttribute("playsinline", ""); }
    stage.appendChild(element);
    follow(element);
    element.play().catch(function () { /* the listener presses play themselves */ });
  }

  var media = stage && stage.querySelector("[data-embed-media]");
  if (media) { follow(media); }
  window.addEventListener("pagehide", send);

  Array.prototype.forEach.call(root.querySelectorAll("[data-embed-item]"), function (button) {
    button.addEventListener("click", function () {
      Array.prototype.forEach.call(root.querySelectorAll("[data-embed-item]"), function (other) {
        other.removeAttribute("aria-current");
      });
      button.setAttribute("aria-current", "true");
      // In the page's language: in another site's frame, no cookie remembers it.
      var url = button.getAttribute("data-embed-item") + "?lang=" + encodeURIComponent(document.documentElement.lang);
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) { show(data); } })
        .catch(function () { /* the current work keeps playing */ });
    });
  });
})();
