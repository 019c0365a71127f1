// A screener film's language versions: the audio tracks and subtitles of the viewer's master
// playlist (the marked picture and sound, plus each version under the viewer's own signed
// links), as hls.js reads them (subtitles shown as <track> elements); each chosen in a list below the player, the choice kept in
// localStorage under the main player's keys (media/static/player.js): a viewer who watches in
// Creole on Lakou gets Creole here too.
(function () {
  "use strict";
  var AUDIO_KEY = "lakou.audio-language";
  var SUBTITLES_KEY = "lakou.subtitles-language";

  function remembered(key) {
    try { return window.localStorage.getItem(key); } catch (_error) { return null; }
  }

  function remember(key, value) {
    try { window.localStorage.setItem(key, value); } catch (_error) { /* private mode */ }
  }

  function chooser(root, stage, name, label, first) {
    var box = root.querySelector("[data-screener-choices]");
    if (!box) {
      box = document.createElement("div");
      box.className = "screener-choices";
      box.setAttribute("data-screener-choices", "");
      stage.insertAdjacentElement("afterend", box);
    }
    var field = document.createElement("label");
    field.textContent = label + " ";
    var select = document.createElement("select");
    select.setAttribute(name, "");
    field.appendChild(select);
    box.insertBefore(field, first ? box.firstChild : null);
    return select;
  }

  function option(select, value, text) {
    var item = document.createElement("option");
    item.value = value;
    item.textContent = text;
    select.appendChild(item);
  }

  function wantedIndex(list, key) {
    var wanted = remembered(key);
    var found = -1;
    list.forEach(function (track, index) { if (found < 0 && wanted && track.lang === wanted) { found = index; } });
    return found;
  }

  function attach(root, stage, hls, media) {
    var Events = window.Hls.Events;
    hls.on(Events.AUDIO_TRACKS_UPDATED, function (_event, data) {
      var list = (data && data.audioTracks) || [];
      if (list.length < 2 || root.querySelector("[data-audio-choice]")) { return; }
      var select = chooser(root, stage, "data-audio-choice", Lakou.gettext("Audio"), true);
      list.forEach(function (track, index) { option(select, String(index), track.name || track.lang); });
      var start = wantedIndex(list, AUDIO_KEY);
      if (start >= 0 && start !== hls.audioTrack) { hls.audioTrack = start; }
      select.value = String(start >= 0 ? start : Math.max(0, hls.audioTrack));
      select.addEventListener("change", function () {
        remember(AUDIO_KEY, list[Number(select.value)].lang || "");
        hls.audioTrack = Number(select.value);
      });
    });
    hls.on(Events.AUDIO_TRACK_SWITCHED, function (_event, data) {
      var track = hls.audioTracks[data.id];
      root.setAttribute("data-audio", (track && track.lang) || "original");
    });
    // Subtitles as <track> elements (hls.js renders none: `enableWebVTT: false`, as in the main
    // player): each subtitles playlist of the master names the signed WebVTT file to show.
    hls.on(Events.MANIFEST_PARSED, function (_event, data) {
      var list = (data && data.subtitleTracks) || [];
      if (!list.length || root.querySelector("[data-subtitle-choice]")) { return; }
      Promise.all(list.map(function (track) {
        return fetch(track.url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (text) {
            return text.split("\n").filter(function (line) { return line && line.charAt(0) !== "#"; })[0] || null;
          });
      })).then(function (files) { chooseSubtitles(root, stage, media, list, files); });
    });
  }

  function chooseSubtitles(root, stage, media, list, files) {
    var shown = [];
    list.forEach(function (item, index) {
      if (!files[index]) { return; }
      var track = document.createElement("track");
      track.kind = "subtitles";
      track.srclang = item.lang || "";
      track.label = item.name || item.lang || "";
      track.src = files[index];
      media.appendChild(track);
      shown.push({ lang: item.lang, name: track.label, element: track });
    });
    if (!shown.length) { return; }
    var select = chooser(root, stage, "data-subtitle-choice", Lakou.gettext("Sous-titres"));
    option(select, "off", Lakou.gettext("Aucun"));
    shown.forEach(function (item, index) { option(select, String(index), item.name); });
    function showing(index) {
      for (var i = 0; i < media.textTracks.length; i++) { media.textTracks[i].mode = "disabled"; }
      if (index >= 0) { shown[index].element.track.mode = "showing"; }
      root.setAttribute("data-subtitles", index >= 0 ? shown[index].lang : "off");
    }
    var start = wantedIndex(shown, SUBTITLES_KEY);
    select.value = start >= 0 ? String(start) : "off";
    showing(start);
    select.addEventListener("change", function () {
      var index = select.value === "off" ? -1 : Number(select.value);
      remember(SUBTITLES_KEY, index >= 0 ? shown[index].lang : "off");
      showing(index);
    });
  }

  window.LakouScreenerVersions = { attach: attach };
})();
