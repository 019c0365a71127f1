// Search as you type: suggestions from /api/search/suggest under every search box.
Lakou.ready(function () {
  "use strict";

  function setup(box) {
    var input = box.querySelector('input[type="search"]');
    var list = box.querySelector(".suggest");
    if (!input || !list) { return; }
    var timer = null;
    var active = -1;
    var latest = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll('[role="option"]');
      if (!options.length) { return; }
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    function show(items) {
      list.textContent = "";
      if (!items.length) {
        var empty = document.createElement("li");
        empty.className = "empty";
        empty.textContent = Lakou.gettext("Aucune suggestion");
        list.appendChild(empty);
      }
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = list.id + "-" + i;
        li.setAttribute("aria-selected", "false");
        var link = document.createElement("a");
        link.href = "/oeuvres/" + encodeURIComponent(item.id);
        link.tabIndex = -1;
        var title = document.createElement("strong");
        title.textContent = item.title;
        link.appendChild(title);
        if (item.creator_name) {
          var by = document.createElement("span");
          by.className = "by";
          by.textContent = " — " + item.creator_name;
          link.appendChild(by);
        }
        li.appendChild(link);
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var ticket = ++latest;
        fetch("/api/search/suggest?limit=6&q=" + encodeURIComponent(text), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { items: [] }; })
          .then(function (data) { if (ticket === latest) { show(data.items || []); } })
          .catch(close);
      }, 150);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        var link = list.querySelectorAll('[role="option"] a')[active];
        if (link) { event.preventDefault(); window.location.href = link.href; }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
  }

  document.querySelectorAll("[data-suggest]").forEach(setup);
});
