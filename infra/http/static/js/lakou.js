// Lakou: what every page shares. No framework; user text only ever goes through textContent.
(function () {
  "use strict";
  // The page's language and its catalogue of script messages (the `js` gettext domain),
  // fetched once as JSON; scripts start through Lakou.ready so their text is translated.
  var lang = document.documentElement.lang || "fr";
  var catalogue = { messages: {}, plural: "n>1", locale: "fr-MQ" };
  var loaded = fetch("/i18n/" + encodeURIComponent(lang) + ".json", { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) { if (data && data.messages) { catalogue = data; } })
    .catch(function () { /* untranslated French is better than nothing */ });

  function ready(start) { loaded.then(start); }

  // "%(name)s" filled from params; a missing parameter leaves its placeholder visible.
  function fill(text, params) {
    return String(text).replace(/%\((\w+)\)s/g, function (whole, name) {
      return params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  function pluralIndex(n) {
    var count = Math.abs(Number(n) || 0);
    if (catalogue.plural === "0") { return 0; }
    if (catalogue.plural === "n!=1") { return count === 1 ? 0 : 1; }
    return count > 1 ? 1 : 0;  // French: 0 and 1 take the singular
  }

  function lookup(key) { return catalogue.messages[key]; }

  function gettext(msgid, params) {
    var found = lookup(msgid);
    return fill(typeof found === "string" && found ? found : msgid, params);
  }

  function ngettext(singular, plural, n, params) {
    var found = lookup(singular);
    var index = pluralIndex(n);
    var text = Array.isArray(found) && found[index] ? found[index] : (index === 0 ? singular : plural);
    var values = Object.assign({ n: n }, params || {});
    return fill(text, values);
  }

  function pgettext(context, msgid, params) {
    var found = lookup(context + "\u0004" + msgid);
    return fill(typeof found === "string" && found ? found : msgid, params);
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // The JSON API with the page session: the CSRF header vouches for the cookie.
  // `extraHeaders` (optional) adds headers such as Idempotency-Key.
  function api(method, url, body, extraHeaders) {
    var options = {
      method: method,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
    };
    Object.keys(extraHeaders || {}).forEach(function (name) { options.headers[name] = extraHeaders[name]; });
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        if (!response.ok) {
          var message = data && data.error ? data.error.message : response.status + " " + response.statusText;
          var error = new Error(message);
          error.status = response.status;
          error.code = data && data.error ? data.error.code : null;
          throw error;
        }
        return data;
      });
    });
  }

  // Server-sent events over fetch, so the CSRF header can go with the session cookie.
  function events(url, onEvent, onEnd) {
    var controller = new AbortController();
    fetch(url, {
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "text/event-stream" },
      signal: controller.signal
    }).then(function (response) {
      if (!response.ok || !response.body) { throw new Error(String(response.status)); }
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { if (onEnd) { onEnd(); } return; }
          buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
          var parts = buffer.split("\n\n");
          buffer = parts.pop();
          parts.forEach(function (block) {
            var data = block.split("\n").filter(function (line) { return line.indexOf("data:") === 0; })
              .map(function (line) { return line.slice(5).replace(/^ /, ""); }).join("\n");
            if (data) {
              try { onEvent(JSON.parse(data)); } catch (e) { /* not JSON: ignore */ }
            }
          });
          return pump();
        });
      }
      return pump();
    }).catch(function () { if (onEnd) { onEnd(); } });
    return controller;
  }

  // Filter and sort forms submit themselves when changed (they keep a button without script).
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosubmit")) { form.submit(); }
  });

  // Money in integer cents, as the server writes it (CLDR through Intl): 8,00 € / €8.00.
  function money(cents) {
    var options = { style: "currency", currency: "EUR" };
    if (catalogue.locale.indexOf("es") === 0) { options.currencyDisplay = "name"; }
    return new Intl.NumberFormat(catalogue.locale, options).format(Math.round(cents) / 100);
  }

  // "5", "5,5", "5.50", "1 234,00 €" → cents; null when it is not an amount.
  function parseEuros(text) {
    var cleaned = String(text || "").replace(/[\s\u00a0\u202f€]/g, "").replace(",", ".");
    if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) { return null; }
    return Math.round(parseFloat(cleaned) * 100);
  }

  // A counted download from the library: ask for a link, then let the browser save it.
  function download(workId, format) {
    return api("POST", "/api/library/" + encodeURIComponent(workId) + "/downloads", { format: format })
      .then(function (link) {
        var anchor = document.createElement("a");
        anchor.href = link.url;
        anchor.setAttribute("download", "");
        anchor.hidden = true;
        document.body.appendChild(anchor);
        anchor.click();
        anchor.remove();
        return link;
      });
  }

  // Menu entries with a count (`NavEntry.count_url`): the number beside the label, once.
  function showCounts() {
    document.querySelectorAll("a[data-count-url]").forEach(function (link) {
      api("GET", link.getAttribute("data-count-url")).then(function (data) {
        var count = data && typeof data.count === "number" ? data.count : 0;
        if (count <= 0) { return; }
        var badge = document.createElement("span");
        badge.className = "count";
        badge.textContent = count > 99 ? "99+" : String(count);
        badge.setAttribute("aria-label", ngettext("%(n)s non lue", "%(n)s non lues", count));
        link.appendChild(badge);
      }).catch(function () { /* a count is a hint: a failed one shows nothing */ });
    });
  }
  ready(function () {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", showCounts);
    } else {
      showCounts();
    }
  });

  // Once every deferred script has run (DOMContentLoaded) and the catalogue is in, the pages'
  // Lakou.ready callbacks have run (promise callbacks run in the order they were added): the
  // page's controls are live. Browser tests wait for this mark before they click.
  function markReady() {
    loaded.then(function () { document.documentElement.setAttribute("data-scripts-ready", ""); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markReady);
  } else {
    markReady();
  }

  window.Lakou = {
    lang: lang, ready: ready, gettext: gettext, ngettext: ngettext, pgettext: pgettext,
    csrfToken: csrfToken, api: api, events: events,
    money: money, parseEuros: parseEuros, download: download
  };
})();
