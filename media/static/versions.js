// A film's language versions, chosen the same way in every player that plays it whole: the work
// page's (player.js), the embed (marketplace/embeds) and the screener (marketplace/screeners).
// Audio: the master playlist's audio group as hls.js reads it (`hls.audioTrack`). Subtitles:
// <track> elements, so they also show with the progressive file and the browser's own HLS (the
// players tell hls.js not to render the master's subtitles: `enableWebVTT: false`). Each is
// chosen in a list; the choice is kept in localStorage by language, under one pair of keys for
// every film and every player, so Creole chosen on Lakou is Creole in an embed and back.
//
// A player says where the lists go and in which words (`ui`):
//   { box: function () { return the element holding the lists },
//     labels: { audio: "Audio", subtitles: "Sous-titres", off: "Aucun" } }
// and the choice shows on `root` as `data-audio` (a language, or "original") and
// `data-subtitles` (a language, or "off").
(function () {
  "use strict";
  var AUDIO_KEY = "lakou.audio-language";
  var SUBTITLES_KEY = "lakou.subtitles-language";

  function remembered(key) {
    try { return window.localStorage.getItem(key); } catch (_error) { return null; }
  }

  function remember(key, value) {
    try { window.localStorage.setItem(key, value); } catch (_error) { /* private mode, refused storage */ }
  }

  // The first item in the remembered language, or -1.
  function rememberedIndex(key, languages) {
    var wanted = remembered(key);
    return wanted ? languages.indexOf(wanted) : -1;
  }

  function chooser(ui, name, label, first) {
    var box = ui.box();
    var field = document.createElement("label");
    field.textContent = label + " ";
    var select = document.createElement("select");
    select.setAttribute(name, "");
    field.appendChild(select);
    // Audio before subtitles, whichever is known first (the audio tracks come with the master).
    box.insertBefore(field, first ? box.firstChild : null);
    box.hidden = false;
    return select;
  }

  function option(select, value, text) {
    var item = document.createElement("option");
    item.value = value;
    item.textContent = text;
    select.appendChild(item);
  }

  // Subtitles (`items`: language, kind, name, url of a WebVTT file): off unless the viewer chose
  // a language before, on any film.
  function subtitles(root, media, items, ui) {
    if (!items.length) { return; }
    var tracks = items.map(function (item) {
      var track = document.createElement("track");
      track.kind = item.kind === "captions" ? "captions" : "subtitles";
      track.srclang = item.language || "";
      track.label = item.name || item.language || "";
      track.src = item.url;
      media.appendChild(track);
      return track;
    });
    var select = chooser(ui, "data-subtitle-choice", ui.labels.subtitles);
    option(select, "off", ui.labels.off);
    tracks.forEach(function (track, index) { option(select, String(index), track.label); });
    function show(index) {
      for (var i = 0; i < media.textTracks.length; i++) { media.textTracks[i].mode = "disabled"; }
      if (index >= 0) { tracks[index].track.mode = "showing"; }
      root.setAttribute("data-subtitles", index >= 0 ? tracks[index].srclang : "off");
    }
    var start = rememberedIndex(SUBTITLES_KEY, tracks.map(function (track) { return track.srclang; }));
    select.value = start >= 0 ? String(start) : "off";
    show(start);
    select.addEventListener("change", function () {
      var index = select.value === "off" ? -1 : Number(select.value);
      remember(SUBTITLES_KEY, index >= 0 ? tracks[index].srclang : "off");
      show(index);
    });
  }

  // Audio: the master playlist's audio group (the film's own rendition first), once hls.js has
  // read it; the remembered language is switched to at once.
  function audio(root, hls, ui) {
    var Events = window.Hls.Events;
    var select = null;
    hls.on(Events.AUDIO_TRACKS_UPDATED, function (_event, data) {
      var list = (data && data.audioTracks) || [];
      if (list.length < 2 || select) { return; }
      select = chooser(ui, "data-audio-choice", ui.labels.audio, true);
      list.forEach(function (track, index) { option(select, String(index), track.name || track.lang); });
      var start = rememberedIndex(AUDIO_KEY, list.map(function (track) { return track.lang; }));
      if (start >= 0 && start !== hls.audioTrack) { hls.audioTrack = start; }
      select.value = String(start >= 0 ? start : Math.max(0, hls.audioTrack));
      select.addEventListener("change", function () {
        var index = Number(select.value);
        remember(AUDIO_KEY, list[index].lang || "");
        hls.audioTrack = index;
      });
    });
    hls.on(Events.AUDIO_TRACK_SWITCHED, function (_event, data) {
      var track = hls.audioTracks[data.id];
      root.setAttribute("data-audio", (track && track.lang) || "original");
      if (select) { select.value = String(data.id); }
    });
  }

  window.LakouVersions = { audio: audio, subtitles: subtitles };
})();
