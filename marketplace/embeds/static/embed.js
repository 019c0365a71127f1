// The embed's player: reports what is heard through the play protocol (media/static/plays.js:
// source "embed", with the site it is embedded in) and, in a selection, plays the work a
// listener picks. A whole film offers its language versions (versions.js, fetched only then).
// No library, no cookie.
(function () {
  "use strict";
  var root = document.querySelector("[data-embed]");
  if (!root) { return; }
  var stage = root.querySelector("[data-embed-stage]");
  var referrer = root.getAttribute("data-referrer") || "";
  var current = null;  // the play tracker of the media now in the stage

  function tokenOf(url) {
    var parts = new URL(url, location.href).pathname.split("/");
    return parts.length > 3 && parts[1] === "media" ? parts[2] : null;
  }

  function send() {
    if (current) { current.finish(); current = null; }
  }

  function follow(media, src) {
    var token = tokenOf(src || media.currentSrc || media.src);
    var options = { source: "embed", referrer: referrer, credentials: "omit" };
    current = window.LakouPlays ? window.LakouPlays.track(media, token, options) : null;
    media.addEventListener("error", function () {
      // A stream this browser cannot play (HLS without native support): the preview instead,
      // whose own token opens its own play.
      var fallback = media.getAttribute("data-fallback");
      if (fallback) {
        media.removeAttribute("data-fallback");
        send();
        media.src = fallback;
        current = window.LakouPlays ? window.LakouPlays.track(media, tokenOf(fallback), options) : null;
      }
    });
  }

  // Scripts fetched only to play a whole film: its versions' choices, then hls.js (620 kB).
  function load(src, done) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = done;
    script.onerror = done;
    document.head.appendChild(script);
  }

  // A whole film: its versions, as the main player offers them (versions.js).
  function versions(media) {
    if (!media.getAttribute("data-hls")) { return; }
    function attach() {
      if (window.LakouEmbedVersions && window.LakouVersions) {
        window.LakouEmbedVersions.attach(root, media, load);
        return;
      }
      if (!media.getAttribute("src")) { media.src = media.getAttribute("data-hls"); }  // not loaded
    }
    if (window.LakouEmbedVersions) { attach(); return; }
    // The choices every player shares (media), then the embed's engine for them.
    load("/static/media/versions.js", function () { load("/static/embeds/versions.js", attach); });
  }

  function clear() {
    if (window.LakouEmbedVersions) { window.LakouEmbedVersions.clear(root); }
  }

  function show(data) {
    send();
    clear();
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
    // A film's stream is attached by versions.js (hls.js, or the browser's own HLS).
    if (!player.hls) { element.src = player.src; }
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
    if (player.hls) { element.setAttribute("data-hls", player.hls); }
    if (player.subtitles && player.subtitles.length) {
      element.setAttribute("data-subtitles", JSON.stringify(player.subtitles));
    }
    stage.appendChild(element);
    follow(element, player.src);
    versions(element);
    element.play().catch(function () { /* the listener presses play themselves */ });
  }

  var media = stage && stage.querySelector("[data-embed-media]");
  if (media) {
    follow(media, media.getAttribute("src"));
    versions(media);
  }

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
