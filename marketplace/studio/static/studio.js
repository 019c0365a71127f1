// Studio uploads: ordered parts that resume after a dropped connection (GET /api/uploads/{id}
// says which part comes next), then the processing progress live from /api/media/{id}/events.
Lakou.ready(function () {
  "use strict";
  var L = window.Lakou;
  var TERMINAL = { ready: true, incomplete: true, rejected: true, failed: true, aborted: true };
  // Renditions are published one by one: these already play while the rest is made.
  var MAKING = { processing: true, preview_ready: true, stream_ready: true };
  // Percentages as the page's language writes them: 45 % (French, Creole), 45% (English).
  var LOCALES = { fr: "fr-MQ", "gcf-MQ": "fr-MQ", es: "es-419" };
  var percentFormat = new Intl.NumberFormat(LOCALES[L.lang] || L.lang, { style: "percent", maximumFractionDigits: 0 });

  // A media file's state, as the studio's list shows it (media's labels, for the script).
  function stateLabel(status) {
    switch (status) {
      case "uploading": return L.gettext("envoi en cours");
      case "uploaded": return L.gettext("envoyé, en attente");
      case "processing": return L.gettext("en traitement");
      case "preview_ready": return L.gettext("extrait prêt");
      case "stream_ready": return L.gettext("lecture complète prête");
      case "ready": return L.gettext("prêt");
      case "incomplete": return L.gettext("prêt en partie");
      case "rejected": return L.gettext("refusé");
      case "failed": return L.gettext("échec");
      case "aborted": return L.gettext("abandonné");
      default: return status;
    }
  }

  // Each rendition's state, as the server labels them: [label: state (code)].
  function showRenditions(list, asset) {
    if (!list || !asset.renditions) { return; }
    list.textContent = "";
    asset.renditions.forEach(function (item) {
      var entry = document.createElement("li");
      entry.setAttribute("data-rendition", item.name);
      entry.setAttribute("data-state", item.state);
      var badge = document.createElement("span");
      badge.className = "badge " + item.state;
      badge.textContent = item.state_label;
      entry.append(item.label + " ", badge);
      if (item.code) {
        var code = document.createElement("code");
        code.textContent = item.code;
        entry.append(" ", code);
      }
      list.append(entry);
    });
  }

  function percentText(value) { return percentFormat.format(Math.round(value) / 100); }
  function percent(node, value) { if (node) { node.textContent = percentText(value); } }
  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  function guessKind(file) {
    var type = file.type || "";
    var name = file.name.toLowerCase();
    if (type.indexOf("audio/") === 0 || /\.(flac|wav|mp3|m4a|ogg|opus|aiff?)$/.test(name)) { return "audio"; }
    if (type.indexOf("video/") === 0 || /\.(mp4|mov|mkv|webm)$/.test(name)) { return "video"; }
    if (type.indexOf("image/") === 0) { return "image"; }
    if (/\.(pdf|epub)$/.test(name)) { return "book"; }
    if (/\.zip$/.test(name)) { return "game"; }
    return null;
  }

  // One part by XHR (fetch has no upload progress).
  function putBlob(url, blob, withCsrf, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("PUT", url);
      if (withCsrf) { xhr.setRequestHeader("X-CSRFToken", L.csrfToken()); }
      xhr.upload.onprogress = function (event) { if (event.lengthComputable) { onProgress(event.loaded); } };
      xhr.onload = function () {
        var data = null;
        try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch (e) { data = null; }
        if (xhr.status >= 200 && xhr.status < 300) { resolve(data); return; }
        var error = new Error(data && data.error ? data.error.message : "HTTP " + xhr.status);
        error.status = xhr.status;
        error.retry = xhr.status >= 500 || xhr.status === 409;
        reject(error);
      };
      xhr.onerror = function () { var e = new Error("network"); e.retry = true; reject(e); };
      xhr.ontimeout = xhr.onerror;
      xhr.send(blob);
    });
  }

  function Uploader(form) {
    this.form = form;
    this.workId = form.getAttribute("data-work-id");
    this.role = form.getAttribute("data-role") || "main";
    this.file = form.querySelector("[data-file]");
    this.kind = form.querySelector("[data-kind]");
    this.bar = form.querySelector("[data-upload-bar]");
    this.barText = form.querySelector("[data-upload-percent]");
    this.pbar = form.querySelector("[data-processing-bar]");
    this.pbarText = form.querySelector("[data-processing-percent]");
    this.status = form.querySelector("[data-upload-status]");
    this.button = form.querySelector('button[type="submit"]');
    this.previewWindow = form.querySelector("[data-preview-window]");
    var self = this;
    if (this.file) {
      this.file.addEventListener("change", function () {
        var file = self.file.files[0];
        var kind = file && guessKind(file);
        if (kind && self.kind && self.kind.tagName === "SELECT") { self.kind.value = kind; }
        self.togglePreview();
      });
    }
    if (this.kind && this.kind.tagName === "SELECT") {
      this.kind.addEventListener("change", function () { self.togglePreview(); });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.start();
    });
  }

  Uploader.prototype.togglePreview = function () {
    if (!this.previewWindow || !this.kind) { return; }
    var kind = this.kind.value;
    this.previewWindow.hidden = !(kind === "audio" || kind === "video");
  };

  Uploader.prototype.say = function (text, tone) {
    this.status.textContent = text;
    this.status.className = "status-line" + (tone ? " " + tone : "");
  };

  Uploader.prototype.start = function () {
    var self = this;
    var file = this.file.files[0];
    if (!file) { this.say(L.gettext("Choisissez un fichier."), "bad"); return; }
    this.button.disabled = true;
    this.form.querySelectorAll("[data-progress]").forEach(function (row) { row.hidden = false; });
    this.bar.value = 0;
    percent(this.barText, 0);
    this.pbar.value = 0;
    percent(this.pbarText, 0);
    this.say("");
    this.run(file).catch(function (error) {
      self.say(L.gettext("Erreur : %(message)s", { message: error.message }), "bad");
    }).then(function () { self.button.disabled = false; });
  };

  Uploader.prototype.storageKey = function (file) {
    return ["lakou-upload", this.workId, this.role, file.name, file.size, file.lastModified].join(":");
  };

  Uploader.prototype.begin = function (file) {
    var form = this.form;
    var body = {
      kind: this.kind ? this.kind.value : "audio",
      filename: file.name,
      size: file.size,
      role: this.role
    };
    var language = form.querySelector('[name="language"]');
    if (language) { body.language = language.value; }
    var trackKind = form.querySelector('[name="track_kind"]');
    if (trackKind) { body.track_kind = trackKind.value; }
    var start = form.querySelector('[name="preview_start_s"]');
    var length = form.querySelector('[name="preview_length_s"]');
    if (start && length && !this.previewWindow.hidden) {
      body.preview_start_s = Number(start.value || 0);
      body.preview_length_s = Number(length.value || 30);
    }
    return L.api("POST", "/api/works/" + encodeURIComponent(this.workId) + "/uploads", body);
  };

  Uploader.prototype.run = function (file) {
    var self = this;
    var key = this.storageKey(file);
    var known = null;
    try { known = window.localStorage.getItem(key); } catch (e) { known = null; }
    var opening = known
      ? L.api("GET", "/api/uploads/" + encodeURIComponent(known)).then(function (state) {
          return state.status === "uploading" ? state : self.begin(file);
        }, function () { return self.begin(file); })
      : this.begin(file);
    return opening.then(function (state) {
      try { window.localStorage.setItem(key, state.id); } catch (e) { /* private mode */ }
      return self.sendParts(file, state);
    }).then(function (state) {
      return L.api("POST", "/api/uploads/" + encodeURIComponent(state.id) + "/complete");
    }).then(function (asset) {
      try { window.localStorage.removeItem(key); } catch (e) { /* private mode */ }
      self.bar.value = 100;
      percent(self.barText, 100);
      self.say(L.gettext("Fichier reçu. Traitement en file d'attente…"));
      self.watch(asset.id);
    });
  };

  Uploader.prototype.sendParts = function (file, state) {
    var self = this;
    var failures = 0;
    function step(current) {
      if (current.next_part === null || current.next_part === undefined) { return Promise.resolve(current); }
      var n = current.next_part;
      var from = (n - 1) * current.part_size;
      var to = Math.min(file.size, n * current.part_size);
      var blob = file.slice(from, to);
      var progress = function (loaded) {
        var value = file.size ? (from + loaded) / file.size * 100 : 100;
        self.bar.value = value;
        percent(self.barText, value);
      };
      var sending;
      if (current.mode === "s3") {
        sending = L.api("GET", current.part_url_template.replace("{n}", n)).then(function (target) {
          return putBlob(target.url, blob, false, progress);
        }).then(function () { return L.api("GET", "/api/uploads/" + encodeURIComponent(current.id)); });
      } else {
        sending = putBlob(current.part_url_template.replace("{n}", n), blob, true, progress);
      }
      return sending.then(function (next) {
        failures = 0;
        progress(to - from);
        return step(next);
      }, function (error) {
        if (!error.retry || failures >= 30) { throw error; }
        failures += 1;
        self.form.setAttribute("data-resumed", String(failures));
        self.say(L.gettext("Connexion perdue : reprise de l'envoi…"));
        // After a dropped connection, ask the server which part it needs next.
        return sleep(Math.min(15000, 500 * Math.pow(2, failures - 1))).then(function () {
          return L.api("GET", "/api/uploads/" + encodeURIComponent(current.id));
        }).then(step, function () { return step(current); });
      });
    }
    return step(state);
  };

  Uploader.prototype.show = function (asset) {
    this.pbar.value = asset.progress || 0;
    percent(this.pbarText, asset.progress || 0);
    this.form.setAttribute("data-asset-status", asset.status);
    if (asset.status === "ready") {
      this.pbar.value = 100;
      percent(this.pbarText, 100);
      this.say(L.gettext("Prêt : votre média est lisible."), "ok");
      var badge = document.querySelector("[data-work-status]");
      if (badge && this.role === "main" && badge.classList.contains("processing")) { badge.hidden = true; }
    } else if (asset.status === "failed" || asset.status === "rejected") {
      var reason = asset.error_message || asset.error_code || "";
      this.say(asset.status === "failed"
        ? L.gettext("Le traitement a échoué : %(reason)s", { reason: reason })
        : L.gettext("Fichier refusé : %(reason)s", { reason: reason }), "bad");
    } else if (asset.status === "incomplete") {
      this.say(L.gettext("Prêt en partie : %(reason)s", { reason: asset.error_message || asset.error_code || "" }), "bad");
    } else if (asset.status === "preview_ready" || asset.status === "stream_ready") {
      this.say(L.gettext("Déjà lisible ; le reste est en préparation : %(percent)s", { percent: percentText(asset.progress || 0) }), "ok");
    } else if (asset.status === "processing") {
      this.say(L.gettext("Traitement : %(percent)s", { percent: percentText(asset.progress || 0) }));
    }
  };

  Uploader.prototype.watch = function (assetId) {
    var self = this;
    var last = null;
    L.events("/api/media/" + encodeURIComponent(assetId) + "/events", function (asset) {
      last = asset;
      self.show(asset);
    }, function () {
      // The stream ended: if the asset is not settled yet (a dropped connection), poll.
      if (last && TERMINAL[last.status]) { return; }
      sleep(2000).then(function () {
        return L.api("GET", "/api/media/" + encodeURIComponent(assetId));
      }).then(function (asset) {
        self.show(asset);
        if (!TERMINAL[asset.status]) { self.watch(assetId); }
      }, function () { self.watch(assetId); });
    });
  };

  // A language version taken back: it stops playing and its files go (DELETE /api/media/{id}).
  document.querySelectorAll("[data-withdraw-asset]").forEach(function (button) {
    button.addEventListener("click", function () {
      button.disabled = true;
      L.api("DELETE", "/api/media/" + encodeURIComponent(button.getAttribute("data-withdraw-asset")))
        .then(function () { window.location.reload(); }, function () { button.disabled = false; });
    });
  });

  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    var uploader = new Uploader(form);
    uploader.togglePreview();
  });

  // Earlier uploads still processing: follow them live in the list.
  document.querySelectorAll("[data-watch-asset]").forEach(function (item) {
    var badge = item.querySelector("[data-asset-status]");
    L.events("/api/media/" + encodeURIComponent(item.getAttribute("data-watch-asset")) + "/events", function (asset) {
      if (!badge) { return; }
      badge.className = "badge " + asset.status;
      badge.textContent = stateLabel(asset.status) +
        (MAKING[asset.status] ? " " + percentText(asset.progress || 0) : "");
      showRenditions(item.querySelector("[data-renditions]"), asset);
    });
  });
});
