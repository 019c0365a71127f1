// A screener film's language versions: the audio tracks and subtitles of the viewer's master
// playlist (the marked picture and sound, plus each version under the viewer's own signed
// links), chosen below the stage as in every player of a film (media/static/versions.js,
// loaded before this script: the same lists, the same remembered languages). What is the
// screener's own: the subtitles are named by the master's subtitles playlists, each of which
// names the signed WebVTT file to show as a <track> element.
(function () {
  "use strict";

  function choicesOf(root, stage) {
    return {
      labels: { audio: Lakou.gettext("Audio"), subtitles: Lakou.gettext("Sous-titres"), off: Lakou.gettext("Aucun") },
      // Below the stage, outside the overlay's watched frame.
      box: function () {
        var box = root.querySelector("[data-screener-choices]");
        if (!box) {
          box = document.createElement("div");
          box.className = "screener-choices";
          box.setAttribute("data-screener-choices", "");
          stage.insertAdjacentElement("afterend", box);
        }
        return box;
      }
    };
  }

  // The WebVTT file a subtitles playlist names (its first line that is not a tag), or null.
  function subtitleFile(track) {
    return fetch(track.url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (text) {
        return text.split("\n").filter(function (line) { return line && line.charAt(0) !== "#"; })[0] || null;
      });
  }

  function attach(root, stage, hls, media) {
    if (!window.LakouVersions) { return; }
    var choices = choicesOf(root, stage);
    window.LakouVersions.audio(root, hls, choices);
    hls.on(window.Hls.Events.MANIFEST_PARSED, function (_event, data) {
      var list = (data && data.subtitleTracks) || [];
      if (!list.length || root.querySelector("[data-subtitle-choice]")) { return; }
      Promise.all(list.map(subtitleFile)).then(function (files) {
        var items = [];
        list.forEach(function (track, index) {
          if (files[index]) {
            items.push({ language: track.lang || "", kind: "subtitles", name: track.name || track.lang || "", url: files[index] });
          }
        });
        window.LakouVersions.subtitles(root, media, items, choices);
      });
    });
  }

  window.LakouScreenerVersions = { attach: attach };
})();
