// Lakou: what every page shares. No framework; user text only ever goes through textContent.
(function () {
  "use strict";
  var stringsNode = document.getElementById("lakou-strings");
  var strings = {};
  try { strings = JSON.parse(stringsNode ? stringsNode.textContent : "{}"); } catch (e) { strings = {}; }

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

  // Money in integer cents: "8,00 €" in French, "€8.00" in English.
  function money(cents) {
    var negative = cents < 0;
    var value = Math.abs(Math.round(cents));
    var units = String(Math.floor(value / 100));
    var rest = String(value % 100);
    if (rest.length < 2) { rest = "0" + rest; }
    var french = document.documentElement.lang !== "en";
    units = units.replace(/\B(?=(\d{3})+(?!\d))/g, french ? "\u202f" : ",");
    return (negative ? "-" : "") + (french ? units + "," + rest + " €" : "€" + units + "." + rest);
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

  window.Lakou = {
    strings: strings, csrfToken: csrfToken, api: api, events: events,
    money: money, parseEuros: parseEuros, download: download
  };
})();
