// Studio, shop side: the work's offer (fixed, pay what you want, free; remove) and its split
// sheet (rows of holders, shares in % with two decimals sent as basis points, a live total).
Lakou.ready(function () {
  "use strict";
  var L = window.Lakou;
  // Shares as the page's language writes them: 12,50 % (French, Creole), 12.50% (English).
  var LOCALES = { fr: "fr-MQ", "gcf-MQ": "fr-MQ", es: "es-419" };
  var shareFormat = new Intl.NumberFormat(LOCALES[L.lang] || L.lang,
    { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 });

  function say(node, text, tone) {
    node.textContent = text || "";
    node.className = "status-line" + (tone ? " " + tone : "");
  }
  // Basis points (10000 = 100 %) as a percentage.
  function percent(bp) { return shareFormat.format(bp / 10000); }
  function amountInvalid() { return L.gettext("Montant invalide : un nombre en euros, par exemple 5,00."); }

  // Offers
  var editor = document.querySelector("[data-offer-editor]");
  if (editor) {
    var workId = editor.getAttribute("data-work-id");
    var form = editor.querySelector("[data-offer-form]");
    var status = editor.querySelector("[data-offer-status]");
    var current = editor.querySelector("[data-current-offer]");
    var remove = editor.querySelector("[data-remove-offer]");
    var mode = function () {
      var checked = form.querySelector('input[name="pricing"]:checked');
      return checked ? checked.value : "fixed";
    };
    var toggle = function () {
      var chosen = mode();
      form.querySelectorAll("[data-when]").forEach(function (field) {
        field.hidden = field.getAttribute("data-when") !== chosen;
      });
    };
    var describe = function (offer) {
      if (offer.pricing === "fixed") { return L.money(offer.price_cents); }
      if (offer.pricing === "free") { return form.querySelector('input[value="free"]').parentNode.textContent.trim(); }
      return form.querySelector('input[value="pay_what_you_want"]').parentNode.textContent.trim() +
        " · " + L.gettext("minimum %(amount)s", { amount: L.money(offer.minimum_cents) });
    };
    form.querySelectorAll('input[name="pricing"]').forEach(function (radio) {
      radio.addEventListener("change", toggle);
    });
    toggle();
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = { pricing: mode() };
      if (body.pricing === "fixed") {
        body.price_cents = L.parseEuros(form.querySelector("[data-offer-price]").value);
        if (body.price_cents === null) { say(status, amountInvalid(), "bad"); return; }
      } else if (body.pricing === "pay_what_you_want") {
        var minimumText = form.querySelector("[data-offer-minimum]").value;
        var suggestedText = form.querySelector("[data-offer-suggested]").value;
        body.minimum_cents = minimumText.trim() ? L.parseEuros(minimumText) : 0;
        body.price_cents = suggestedText.trim() ? L.parseEuros(suggestedText) : body.minimum_cents;
        if (body.minimum_cents === null || body.price_cents === null) { say(status, amountInvalid(), "bad"); return; }
      }
      say(status, L.gettext("Un instant…"));
      L.api("PUT", "/api/works/" + encodeURIComponent(workId) + "/offer", body).then(function (offer) {
        current.textContent = describe(offer);
        remove.hidden = false;
        editor.setAttribute("data-has-offer", "true");
        say(status, L.gettext("Enregistré."), "ok");
      }, function (failure) { say(status, failure.message, "bad"); });
    });
    remove.addEventListener("click", function () {
      say(status, L.gettext("Un instant…"));
      L.api("DELETE", "/api/works/" + encodeURIComponent(workId) + "/offer").then(function () {
        current.textContent = L.gettext("L'œuvre n'est plus en vente.");
        remove.hidden = true;
        editor.setAttribute("data-has-offer", "false");
        say(status, L.gettext("L'œuvre n'est plus en vente."), "ok");
      }, function (failure) { say(status, failure.message, "bad"); });
    });
  }

  // Split sheet
  var splits = document.querySelector("[data-splits-editor]");
  if (splits) {
    var splitWork = splits.getAttribute("data-work-id");
    var splitForm = splits.querySelector("[data-splits-form]");
    var rows = splits.querySelector("[data-split-rows]");
    var template = splits.querySelector("[data-split-template]");
    var total = splits.querySelector("[data-split-total]");
    var hint = splits.querySelector("[data-split-hint]");
    var splitStatus = splits.querySelector("[data-splits-status]");
    var version = splits.querySelector("[data-split-version]");

    var shareOf = function (row) {
      var text = row.querySelector("[data-holder-share]").value.replace(/[\s%]/g, "");
      var cents = L.parseEuros(text);  // the same shape: a number with at most two decimals
      return cents === null ? null : cents;
    };
    // Labels carry the row number ("Part (%) 2"), so each field keeps a unique name.
    var renumber = function () {
      rows.querySelectorAll("[data-split-row]").forEach(function (row, index) {
        row.querySelectorAll("[aria-label]").forEach(function (field) {
          var label = field.getAttribute("aria-label").replace(/ (\d+|#)$/, "");
          field.setAttribute("aria-label", label + " " + (index + 1));
        });
      });
    };
    var update = function () {
      var sum = 0;
      var valid = true;
      rows.querySelectorAll("[data-split-row]").forEach(function (row) {
        var bp = shareOf(row);
        var field = row.querySelector("[data-holder-share]");
        var bad = bp === null && field.value.trim() !== "";
        field.setAttribute("aria-invalid", bad ? "true" : "false");
        if (bp === null) { valid = valid && !bad; } else { sum += bp; }
      });
      total.textContent = percent(sum);
      splits.setAttribute("data-total-bp", String(sum));
      var ok = valid && sum === 10000;
      total.className = ok ? "ok" : "bad";
      var whole = percent(10000);
      if (ok) {
        hint.textContent = L.gettext("Le total fait %(whole)s : vous pouvez enregistrer.", { whole: whole });
      } else if (sum < 10000) {
        hint.textContent = L.gettext("Il manque %(share)s pour atteindre %(whole)s.", { share: percent(10000 - sum), whole: whole });
      } else {
        hint.textContent = L.gettext("Le total dépasse %(whole)s de %(share)s.", { share: percent(sum - 10000), whole: whole });
      }
      return ok;
    };
    var wire = function (row) {
      row.querySelector("[data-holder-share]").addEventListener("input", update);
      row.querySelector("[data-remove-row]").addEventListener("click", function () {
        row.remove();
        renumber();
        update();
      });
    };
    rows.querySelectorAll("[data-split-row]").forEach(wire);
    splits.querySelector("[data-add-row]").addEventListener("click", function () {
      var row = template.content.firstElementChild.cloneNode(true);
      rows.appendChild(row);
      wire(row);
      renumber();
      update();
      row.querySelector("[data-holder-name]").focus();
    });
    splitForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var holders = [];
      var problem = null;
      rows.querySelectorAll("[data-split-row]").forEach(function (row) {
        var holder = {
          name: row.querySelector("[data-holder-name]").value.trim(),
          role: row.querySelector("[data-holder-role]").value,
          share_bp: shareOf(row)
        };
        if (holder.share_bp === null) { problem = L.gettext("Part invalide : un pourcentage, par exemple 12,5."); }
        var account = row.querySelector("[data-holder-account]").value.trim();
        if (account) { holder.payout_account = account; }
        if (row.getAttribute("data-holder-id")) { holder.holder_id = row.getAttribute("data-holder-id"); }
        if (row.getAttribute("data-user-id")) { holder.user_id = row.getAttribute("data-user-id"); }
        holders.push(holder);
      });
      if (problem) { say(splitStatus, problem, "bad"); return; }
      say(splitStatus, L.gettext("Un instant…"));
      L.api("PUT", "/api/works/" + encodeURIComponent(splitWork) + "/splits", { holders: holders })
        .then(function (sheet) {
          // Keep the holders' ids: the next version continues the same people.
          var saved = rows.querySelectorAll("[data-split-row]");
          sheet.holders.forEach(function (holder, index) {
            if (saved[index]) { saved[index].setAttribute("data-holder-id", holder.holder_id); }
          });
          version.textContent = L.gettext("Version %(version)s", { version: sheet.version });
          splits.setAttribute("data-version", String(sheet.version));
          say(splitStatus, L.gettext("Enregistré."), "ok");
        }, function (failure) { say(splitStatus, failure.message, "bad"); });
    });
    update();
  }
});
