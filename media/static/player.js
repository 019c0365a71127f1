// The work player: asks /api/works/{id}/playback, then plays the preview or the full work.
// HLS through hls.js where Media Source Extensions exist, else the browser's own HLS, else the
// progressive file. Audio gets a waveform drawn from the peaks file; a film its language
// versions: the viewer chooses the audio track and the subtitles as in every player of a film
// (media/static/versions.js, loaded before this script).
Lakou.ready(function () {
  "use strict";
  var root = document.querySelector("[data-player]");
  if (!root) { return; }
  var stage = root.querySelector("[data-player-stage]");
  var note = root.querySelector("[data-player-note]");
  var badge = root.querySelector("[data-player-mode]");
  var downloads = root.querySelector("[data-player-downloads]");
  var workId = root.getAttribute("data-work-id");
  var engine = { hls: null };
  // Where the lists of versions go (under the stage) and their words (versions.js).
  var choices = {
    labels: { audio: Lakou.gettext("Audio"), subtitles: Lakou.gettext("Sous-titres"), off: Lakou.gettext("Aucun") },
    box: function () {
      var box = root.querySelector("[data-player-choices]");
      if (!box) {
        box = document.createElement("div");
        box.className = "player-choices";
        box.setAttribute("data-player-choices", "");
        stage.insertAdjacentElement("afterend", box);
      }
      return box;
    }
  };

  function tokenOf(url) {
    var parts = (url || "").split("/");
    return parts.length > 2 && parts[1] === "media" ? parts[2] : null;
  }

  function attach(media, hlsUrl, fileUrl) {
    if (hlsUrl && window.Hls && window.Hls.isSupported()) {
      // Subtitles play from <track> elements (progressive and native HLS too), so hls.js leaves
      // the master's SUBTITLES group to other players.
      var hls = new window.Hls({ enableWorker: true, enableWebVTT: false });
      engine.hls = hls;
      hls.on(window.Hls.Events.ERROR, function (_event, data) {
        if (data && data.fatal && fileUrl) {  // fall back to the progressive file
          hls.destroy();
          media.src = fileUrl;
          root.setAttribute("data-engine", "progressive");
        }
      });
      hls.loadSource(hlsUrl);
      hls.attachMedia(media);
      root.setAttribute("data-engine", "hls.js");
      return hlsUrl;
    }
    if (hlsUrl && media.canPlayType("application/vnd.apple.mpegurl")) {
      media.src = hlsUrl;
      root.setAttribute("data-engine", "native-hls");
      return hlsUrl;
    }
    media.src = fileUrl;
    root.setAttribute("data-engine", "progressive");
    return fileUrl;
  }

  // Where the listener came from to this page: the play's source (docs/indicators.md).
  function sourceOf() {
    var from = null;
    try { from = document.referrer ? new URL(document.referrer) : null; } catch (_error) { from = null; }
    if (!from || from.origin !== window.location.origin) { return "direct"; }
    if (from.pathname.indexOf("/recherche") === 0) { return "search"; }
    if (from.pathname.indexOf("/marches") === 0) { return "market"; }
    return "work_page";
  }

  // The play protocol (media/static/plays.js): what was heard goes to the indicators.
  function reportPlays(media, url) {
    if (!window.LakouPlays) { return; }
    window.LakouPlays.track(media, tokenOf(url), {
      source: sourceOf(),
      headers: { "X-CSRFToken": Lakou.csrfToken() }
    });
  }

  function waveform(media, url) {
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", Lakou.gettext("Forme d'onde (cliquez pour vous déplacer)"));
    canvas.setAttribute("data-waveform", "");
    stage.appendChild(canvas);
    var peaks = [];
    function draw() {
      var ratio = window.devicePixelRatio || 1;
      var width = canvas.clientWidth || 600;
      var height = canvas.clientHeight || 84;
      if (canvas.width !== Math.round(width * ratio)) {
        canvas.width = Math.round(width * ratio);
        canvas.height = Math.round(height * ratio);
      }
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, width, height);
      if (!peaks.length) { return; }
      var bar = 3;
      var gap = 1;
      var count = Math.max(1, Math.floor(width / (bar + gap)));
      var done = media.duration ? media.currentTime / media.duration : 0;
      for (var i = 0; i < count; i++) {
        var from = Math.floor(i * peaks.length / count);
        var to = Math.max(from + 1, Math.floor((i + 1) * peaks.length / count));
        var peak = 0;
        for (var j = from; j < to && j < peaks.length; j++) { peak = Math.max(peak, peaks[j]); }
        var h = Math.max(2, peak * (height - 8));
        ctx.fillStyle = i / count < done ? "#f4c430" : "rgba(255,255,255,0.55)";
        ctx.fillRect(i * (bar + gap), (height - h) / 2, bar, h);
      }
    }
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) { peaks = (data && data.peaks) || []; canvas.setAttribute("data-peaks", String(peaks.length)); draw(); })
      .catch(function () { canvas.remove(); });
    media.addEventListener("timeupdate", draw);
    media.addEventListener("loadedmetadata", draw);
    window.addEventListener("resize", draw);
    canvas.addEventListener("click", function (event) {
      if (!media.duration) { return; }
      var box = canvas.getBoundingClientRect();
      media.currentTime = Math.max(0, Math.min(1, (event.clientX - box.left) / box.width)) * media.duration;
    });
  }

  function showDownloads(full) {
    if (!full || !full.downloads || !full.downloads.length) { return; }
    downloads.textContent = "";
    full.downloads.forEach(function (item) {
      var kind = item.role === "download_mp3" ? "MP3" : item.role === "download_flac" ? "FLAC" : Lakou.gettext("Télécharger");
      var link = document.createElement("a");
      link.setAttribute("data-download", item.role);
      link.textContent = "⬇ " + kind;
      if (item.url) {  // owners and staff: a direct link
        link.href = item.url;
        link.setAttribute("download", "");
      } else {  // buyers: a counted link from their library
        link.href = "/bibliotheque";
        link.addEventListener("click", function (event) {
          event.preventDefault();
          Lakou.download(workId, item.role).catch(function (error) {
            note.textContent = Lakou.gettext("Erreur : %(message)s", { message: error.message });
          });
        });
      }
      downloads.appendChild(link);
    });
    downloads.hidden = false;
  }

  // Renditions are published one by one: say which are still being made, and which failed.
  function showRenditions(renditions) {
    var shown = root.querySelector("[data-player-renditions]");
    if (!shown) { return; }
    function named(state) {
      return (renditions || []).filter(function (item) { return item.state === state; })
        .map(function (item) { return item.label + (item.code ? " (" + item.code + ")" : ""); });
    }
    var making = named("making");
    var failed = named("failed");
    var lines = [];
    if (making.length) { lines.push(Lakou.gettext("En préparation : %(list)s", { list: making.join(", ") })); }
    if (failed.length) { lines.push(Lakou.gettext("Indisponible : %(list)s", { list: failed.join(", ") })); }
    shown.textContent = lines.join(" · ");
    shown.setAttribute("data-making", String(making.length));
    shown.setAttribute("data-failed", String(failed.length));
    shown.hidden = !lines.length;
  }

  function build(playback) {
    stage.textContent = "";
    var full = playback.full;
    root.setAttribute("data-mode", full ? "full" : "preview");
    if (!playback.kind) {
      note.textContent = Lakou.gettext("Le média de cette œuvre n'est pas encore disponible.");
      return;
    }
    badge.textContent = full ? Lakou.gettext("Intégral") : Lakou.gettext("Extrait");
    badge.className = "mode" + (full ? " full" : "");
    badge.hidden = false;
    var preview = playback.preview || {};
    var media = null;
    var source = null;
    if (playback.kind === "audio") {
      media = document.createElement("audio");
      media.controls = true;
      media.preload = "metadata";
      if (preview.waveform) { waveform(media, preview.waveform); }
      stage.appendChild(media);
      source = full ? attach(media, full.hls_master, full.progressive || preview.preview)
                    : attach(media, null, preview.preview);
    } else if (playback.kind === "video") {
      media = document.createElement("video");
      media.controls = true;
      media.preload = "metadata";
      media.setAttribute("playsinline", "");
      if (preview.poster) { media.poster = preview.poster; }
      stage.appendChild(media);
      source = full ? attach(media, full.hls_master, full.progressive || preview.preview)
                    : attach(media, null, preview.preview);
      if (window.LakouVersions) {
        window.LakouVersions.subtitles(root, media, playback.subtitles || [], choices);
        if (engine.hls) { window.LakouVersions.audio(root, engine.hls, choices); }
      }
    } else if (preview.image) {
      var picture = document.createElement("img");
      picture.className = "image-view";
      picture.src = preview.image;
      picture.alt = "";
      stage.appendChild(picture);
    }
    if (media) {
      media.setAttribute("data-media", playback.kind);
      reportPlays(media, source);
    }
    note.textContent = full
      ? Lakou.gettext("Vous avez accès à l'œuvre complète.")
      : Lakou.gettext("Ceci est un extrait : achetez l'œuvre pour l'avoir en entier.");
    showDownloads(full);
    showVersions(playback.versions || [], full);
    showRenditions(playback.renditions);
  }

  // The languages a work comes in, for anyone; each version as a file for the entitled.
  function showVersions(items, full) {
    var shown = root.querySelector("[data-player-versions]");
    if (!shown || !items.length) { return; }
    function names(type) {
      return items.filter(function (item) { return item.type === type; }).map(function (item) { return item.name; });
    }
    var lines = [];
    if (names("audio").length) { lines.push(Lakou.gettext("Audio : %(list)s", { list: names("audio").join(", ") })); }
    if (names("subtitles").length) { lines.push(Lakou.gettext("Sous-titres : %(list)s", { list: names("subtitles").join(", ") })); }
    shown.textContent = Lakou.gettext("Versions disponibles") + " — " + lines.join(" · ");
    shown.hidden = false;
    ((full && full.versions) || []).forEach(function (item) {
      var link = document.createElement("a");
      if (item.url) {  // owners and staff: a direct link
        link.href = item.url;
        link.setAttribute("download", "");
      } else {  // buyers: counted by their library, like the other formats
        link.href = "/bibliotheque";
        link.addEventListener("click", function (event) {
          event.preventDefault();
          Lakou.download(workId, item.role).catch(function (error) {
            note.textContent = Lakou.gettext("Erreur : %(message)s", { message: error.message });
          });
        });
      }
      link.setAttribute("data-version-download", item.type + ":" + item.language);
      link.textContent = "⬇ " + item.name + " (" + (item.type === "audio" ? "M4A" : "WebVTT") + ")";
      downloads.appendChild(link);
      downloads.hidden = false;
    });
  }

  Lakou.api("GET", "/api/works/" + encodeURIComponent(workId) + "/playback")
    .then(build)
    .catch(function (error) {
      stage.textContent = "";
      note.textContent = Lakou.gettext("Erreur : %(message)s", { message: error.message });
    });
});
