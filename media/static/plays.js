// The play protocol's client (docs/indicators.md, "Plays"): opens a play on the media's playback
// token when it starts, then reports the ranges of positions heard every ~10 s, on pause, and for
// the last time on end and page hide (sendBeacon, which outlives the page). The ranges are
// cumulative, so a lost heartbeat loses nothing. Used by the work page's player and the embed.
(function () {
  "use strict";

  function merged(ranges) {
    var sorted = ranges.filter(function (r) { return r[1] > r[0]; })
      .map(function (r) { return [r[0], r[1]]; })
      .sort(function (a, b) { return a[0] - b[0]; });
    var out = [];
    sorted.forEach(function (r) {
      var lastRange = out[out.length - 1];
      if (lastRange && r[0] <= lastRange[1]) { lastRange[1] = Math.max(lastRange[1], r[1]); }
      else { out.push(r); }
    });
    return out;
  }

  // options: {source, referrer, credentials ("same-origin" or "omit"), headers (e.g. CSRF)}
  function track(media, token, options) {
    options = options || {};
    var state = { done: false, playId: null, opening: null, ranges: [], current: null, last: null, timer: null };

    function heard() {
      state.ranges = merged(state.ranges);
      return merged(state.ranges.concat(state.current ? [state.current] : [])).map(function (r) {
        return [Math.round(r[0] * 10) / 10, Math.round(r[1] * 10) / 10];
      });
    }

    function open() {
      if (state.done || state.playId || state.opening || !token) { return; }
      var body = { token: token, source: options.source || "direct" };
      if (options.referrer) { body.referrer = options.referrer; }
      var headers = { "Content-Type": "application/json" };
      Object.keys(options.headers || {}).forEach(function (key) { headers[key] = options.headers[key]; });
      state.opening = fetch("/api/plays", {
        method: "POST",
        credentials: options.credentials || "same-origin",
        headers: headers,
        body: JSON.stringify(body)
      }).then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          state.opening = null;
          if (!data) { return; }
          state.playId = data.play_id;
          media.setAttribute("data-play-id", data.play_id);
          state.timer = window.setInterval(function () { if (!media.paused) { beat(false); } },
            (data.heartbeat_s || 10) * 1000);
        })
        .catch(function () { state.opening = null; /* an unreported play bothers nobody */ });
    }

    function stop() {
      if (state.timer) { window.clearInterval(state.timer); }
      state.playId = null;
      state.timer = null;
      state.ranges = [];
      state.current = null;
    }

    function beat(final) {
      if (!state.playId) { return; }
      var url = "/api/plays/" + encodeURIComponent(state.playId) + "/heartbeats";
      var body = JSON.stringify({ token: token, ranges: heard(), final: final });
      if (final) {
        stop();
        if (navigator.sendBeacon && navigator.sendBeacon(url, body)) { return; }
      }
      fetch(url, {
        method: "POST",
        credentials: "omit",
        keepalive: true,
        headers: { "Content-Type": "application/json" },
        body: body
      }).then(function (response) {
        // Closed, expired or refused: this play is over; the next "play" opens another.
        if (!response.ok && response.status !== 422) { stop(); }
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (data && data.standing) { media.setAttribute("data-play-standing", data.standing); }
      }).catch(function () { /* the next heartbeat says it all again */ });
    }

    function endRange() {
      if (state.current) { state.ranges.push(state.current); state.current = null; }
    }

    media.addEventListener("play", open);
    media.addEventListener("timeupdate", function () {
      var now = media.currentTime;
      if (state.last !== null && !media.paused && !media.seeking && now > state.last && now - state.last < 2) {
        if (state.current) { state.current[1] = now; } else { state.current = [state.last, now]; }
      } else if (now !== state.last) {
        endRange();
      }
      state.last = now;
    });
    media.addEventListener("seeking", function () { endRange(); state.last = null; });
    media.addEventListener("pause", function () { if (!media.ended) { beat(false); } });
    media.addEventListener("ended", function () { endRange(); beat(true); });
    window.addEventListener("pagehide", function () { beat(true); });
    // finish: this media's plays end here (the embed switches to another work).
    return { finish: function () { beat(true); state.done = true; } };
  }

  window.LakouPlays = { track: track };
})();
