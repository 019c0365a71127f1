// Draws a Chart.js chart above every table marked `data-chart` ("bar" or "line"), from the
// table's own cells: the table stays as the accessible alternative and the one source of the
// figures. Series are the column headers marked `data-series`; labels the row headers; values
// the cells' `data-n` (a withheld count has none and leaves a gap). `data-chart-axis="y"` lays
// bars horizontally; `data-chart-max` fixes the value axis's top (a share: 1).
(function () {
  "use strict";
  var COLOURS = ["#2f8a6e", "#d98b2b", "#3b6ea8", "#9b2c6b", "#6b7f2c", "#5b6763"];

  function read(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var series = [];
    headers.forEach(function (th, column) {
      if (th.hasAttribute("data-series")) series.push({ label: th.textContent.trim(), column: column, data: [] });
    });
    var labels = [];
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      var head = row.querySelector("th");
      if (!head) return;
      labels.push(head.textContent.trim());
      series.forEach(function (one) {
        var cell = row.children[one.column];
        var n = cell && cell.getAttribute("data-n");
        one.data.push(n === null || n === undefined ? null : Number(n));
      });
    });
    return { labels: labels, series: series };
  }

  function draw(table) {
    var kind = table.getAttribute("data-chart");
    var data = read(table);
    if (!data.labels.length || !data.series.length) return;
    var caption = table.querySelector("caption");
    var box = document.createElement("div");
    box.className = "chart" + (data.labels.length > 8 ? " tall" : "");
    var canvas = document.createElement("canvas");
    // The table below says the same in words: screen readers read it, not the picture.
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", caption ? caption.textContent.trim() : "");
    box.appendChild(canvas);
    table.parentNode.insertBefore(box, table);
    var max = table.getAttribute("data-chart-max");
    var value = { beginAtZero: true, ticks: { precision: 0 } };
    if (max) value.max = Number(max);
    var horizontal = table.getAttribute("data-chart-axis") === "y";
    new window.Chart(canvas, {
      type: kind === "line" ? "line" : "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (one, i) {
          return {
            label: one.label,
            data: one.data,
            backgroundColor: COLOURS[i % COLOURS.length],
            borderColor: COLOURS[i % COLOURS.length],
            spanGaps: false,
            maxBarThickness: 28,
          };
        }),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        plugins: { legend: { display: data.series.length > 1 } },
        scales: horizontal ? { x: value } : { y: value },
      },
    });
    table.setAttribute("data-chart-drawn", "");
  }

  function start() {
    if (!window.Chart) return; // the library did not load: the tables say it all
    Array.prototype.forEach.call(document.querySelectorAll("table[data-chart]"), draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
