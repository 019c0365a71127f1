// A whole film's language versions in the embed: its stream through hls.js (fetched only now)
// and its subtitles (the signed WebVTT files the page names), chosen as in every player of a
// film (media/static/versions.js, loaded just before this script: the same lists and the same
// remembered languages, so Creole chosen on Lakou is Creole here, and back). What is the
// embed's own: the engine, set up and torn down as a selection changes work. Loaded by
// embed.js only when the viewer may play the whole film.
(function () {
  "use strict";
  var root = null;  // the embed ([data-embed])
  var engine = null;  // the hls.js instance playing the stage's film, if any

  // The lists go in the embed's own box, in the page's words (no script catalogue here).
  function choices() {
    return {
      labels: {
        audio: root.getAttribute("data-label-audio"),
        subtitles: root.getAttribute("data-label-subtitles"),
        off: root.getAttribute("data-label-off")
      },
      box: function () { return root.querySelector("[data-embed-choices]"); }
    };
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
      window.LakouVersions.audio(root, hls, choices());
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
      window.LakouVersions.subtitles(root, media, subtitles, choices());
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
