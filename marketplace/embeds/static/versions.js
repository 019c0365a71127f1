// A whole film's language versions in the embed: the audio tracks of its master playlist
// (through hls.js, fetched only now) and its subtitles (<track> elements of the signed WebVTT
// files), each chosen in a list; the choice is kept in localStorage under the main player's keys
// (media/static/player.js), so a viewer who chose Creole there gets Creole here, and back.
// Loaded by embed.js only when the viewer may play the whole film.
(function () {
  "use strict";
  var root = null;  // the embed ([data-embed])
  var engine = null;  // the hls.js instance playing the stage's film, if any
  var AUDIO_KEY = "lakou.audio-language";
  var SUBTITLES_KEY = "lakou.subtitles-language";

  function remembered(key) {
    try { return window.localStorage.getItem(key); } catch (_error) { return null; }
  }

  function remember(key, value) {
    try { window.localStorage.setItem(key, value); } catch (_error) { /* storage refused */ }
  }

  function chooser(name, label, first) {
    var box = root.querySelector("[data-embed-choices]");
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

  // Subtitles: off unless the viewer chose a language before (here or on Lakou's own player).
  function chooseSubtitles(media, items) {
    if (!items.length) { return; }
    var tracks = items.map(function (item) {
      var track = document.createElement("track");
      track.kind = item.kind === "captions" ? "captions" : "subtitles";
      track.srclang = item.language;
      track.label = item.name;
      track.src = item.url;
      media.appendChild(track);
      return track;
    });
    var select = chooser("data-subtitle-choice", root.getAttribute("data-label-subtitles"));
    option(select, "off", root.getAttribute("data-label-off"));
    items.forEach(function (item, index) { option(select, String(index), item.name); });
    function showing(index) {
      for (var i = 0; i < media.textTracks.length; i++) { media.textTracks[i].mode = "disabled"; }
      if (index >= 0) { tracks[index].track.mode = "showing"; }
      root.setAttribute("data-subtitles", index >= 0 ? items[index].language : "off");
    }
    var wanted = remembered(SUBTITLES_KEY);
    var start = -1;
    items.forEach(function (item, index) { if (start < 0 && item.language === wanted) { start = index; } });
    select.value = start >= 0 ? String(start) : "off";
    showing(start);
    select.addEventListener("change", function () {
      var index = select.value === "off" ? -1 : Number(select.value);
      remember(SUBTITLES_KEY, index >= 0 ? items[index].language : "off");
      showing(index);
    });
  }

  // Audio: the master playlist's audio group (the film's own rendition, then its versions).
  function chooseAudio(list, current, pick) {
    if (list.length < 2) { return; }
    var select = chooser("data-audio-choice", root.getAttribute("data-label-audio"), true);
    list.forEach(function (track, index) { option(select, String(index), track.name || track.lang); });
    var wanted = remembered(AUDIO_KEY);
    var start = -1;
    list.forEach(function (track, index) { if (start < 0 && wanted && track.lang === wanted) { start = index; } });
    if (start >= 0 && start !== current) { pick(start); }
    select.value = String(start >= 0 ? start : Math.max(0, current));
    select.addEventListener("change", function () {
      remember(AUDIO_KEY, list[Number(select.value)].lang || "");
      pick(Number(select.value));
    });
  }

  // Through hls.js where Media Source Extensions exist (as the main player: the browsers' own
  // HLS offers no audio choice outside Safari); else the browser's own HLS, else the preview.
  function stream(media, url, load) {
    if (!window.MediaSource && !window.ManagedMediaSource) {
      if (!media.getAttribute("src")) { media.src = url; }  // the browser's own HLS, or the preview
      return;
    }
    if (media.getAttribute("src")) { media.removeAttribute("src"); media.load(); }
    function start() {
      if (!window.Hls || !window.Hls.isSupported()) { media.src = url; return; }
      var hls = new window.Hls({ enableWebVTT: false });
      engine = hls;
      root.setAttribute("data-engine", "hls.js");
      hls.on(window.Hls.Events.AUDIO_TRACKS_UPDATED, function (_event, data) {
        if (root.querySelector("[data-audio-choice]")) { return; }
        chooseAudio((data && data.audioTracks) || [], hls.audioTrack, function (index) {
          hls.audioTrack = index;
        });
      });
      hls.on(window.Hls.Events.AUDIO_TRACK_SWITCHED, function (_event, data) {
        var track = hls.audioTracks[data.id];
        root.setAttribute("data-audio", (track && track.lang) || "original");
      });
      hls.loadSource(url);
      hls.attachMedia(media);
    }
    if (window.Hls) { start(); } else { load("/static/vendor/hls.min.js", start); }
  }

  window.LakouEmbedVersions = {
    // `load(src, done)` fetches a script (the embed's own loader).
    attach: function (embed, media, load) {
      root = embed;
      var subtitles = [];
      try { subtitles = JSON.parse(media.getAttribute("data-subtitles") || "[]"); } catch (_error) { subtitles = []; }
      chooseSubtitles(media, subtitles);
      stream(media, media.getAttribute("data-hls"), load);
    },
    // Before another work of a selection takes the stage.
    clear: function (embed) {
      if (engine) { engine.destroy(); engine = null; }
      var box = embed.querySelector("[data-embed-choices]");
      if (box) { box.textContent = ""; box.hidden = true; }
      ["data-engine", "data-audio", "data-subtitles"].forEach(function (name) { embed.removeAttribute(name); });
    }
  };

})();
