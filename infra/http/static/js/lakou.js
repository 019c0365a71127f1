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
  function api(method, url, body) {
    var options = {
      method: method,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
    };
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

  window.Lakou = { strings: strings, csrfToken: csrfToken, api: api, events: events };
})();
