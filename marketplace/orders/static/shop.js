// The shop: add to cart (work page), the cart and its checkout, the order's payment and the
// library's downloads. Everything goes through the JSON API (Lakou.api: session cookie + CSRF
// header); user text only ever goes through textContent.
Lakou.ready(function () {
  "use strict";
  var L = window.Lakou;

  // An order's state as its buyer reads it (the same labels as the page's).
  function statusLabel(state) {
    switch (state) {
      case "pending": return L.gettext("En attente de paiement");
      case "failed": return L.gettext("Paiement refusé");
      case "paid": return L.gettext("Payée");
      case "fulfilled": return L.gettext("Livrée");
      case "partially_refunded": return L.gettext("Partiellement remboursée");
      case "refunded": return L.gettext("Remboursée");
      default: return state;
    }
  }

  // "3 téléchargements restants", the count kept in its own element (tests and styles find it).
  function showDownloadsLeft(line, left) {
    if (!line) { return; }
    var marker = "\u0000";
    var parts = L.ngettext("%(n)s téléchargement restant", "%(n)s téléchargements restants", left,
      { n: marker }).split(marker);
    var count = document.createElement("span");
    count.setAttribute("data-downloads-left", "");
    count.textContent = String(left);
    line.textContent = "";
    line.append(parts[0], count, parts.slice(1).join(""));
  }

  function say(node, text, tone) {
    if (!node) { return; }
    node.textContent = text || "";
    node.className = "status-line" + (tone ? " " + tone : "");
  }
  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }
  function toLogin() {
    window.location.assign("/connexion?next=" + encodeURIComponent(window.location.pathname));
  }

  // Work page: "Add to cart" for the work's own offer and its bundles.
  document.querySelectorAll("form[data-add-to-cart]").forEach(function (form) {
    var button = form.querySelector("[data-add-button]");
    var error = form.querySelector("[data-offer-error]");
    if (!button) { return; }  // anonymous visitors get a link to the login page
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      // Any module's item (a call's entry fee) names its kind; works and bundles their offer.
      var body = form.hasAttribute("data-item-kind")
        ? { item_kind: form.getAttribute("data-item-kind"), item_id: form.getAttribute("data-item-id") }
        : { offer_id: form.getAttribute("data-offer-id") };
      var amount = form.querySelector("[data-amount]");
      if (amount) {
        var cents = L.parseEuros(amount.value);
        var minimum = Number(form.getAttribute("data-minimum") || 0);
        if (cents === null || cents < minimum) {
          say(error, cents === null
            ? L.gettext("Montant invalide : un nombre en euros, par exemple 5,00.")
            : L.gettext("Le montant minimum est de %(amount)s.", { amount: L.money(minimum) }), "bad");
          amount.focus();
          return;
        }
        body.amount_cents = cents;
      }
      button.disabled = true;
      say(error, "");
      L.api("POST", "/api/cart/items", body).then(function () {
        window.location.assign("/panier");
      }, function (failure) {
        button.disabled = false;
        if (failure.status === 401) { toLogin(); return; }
        say(error, failure.message, "bad");
      });
    });
  });

  // Cart: remove an item, then check out with the key generated when the page was rendered.
  var cart = document.querySelector("[data-cart]");
  if (cart) {
    cart.querySelectorAll("[data-remove-item]").forEach(function (button) {
      button.addEventListener("click", function () {
        button.disabled = true;
        L.api("DELETE", "/api/cart/items/" + encodeURIComponent(button.getAttribute("data-remove-item")))
          .then(function () { window.location.reload(); }, function (failure) {
            button.disabled = false;
            say(cart.querySelector("[data-checkout-error]"), failure.message, "bad");
          });
      });
    });
    var checkout = cart.querySelector("form[data-checkout]");
    var pay = checkout.querySelector("[data-pay]");
    var problem = checkout.querySelector("[data-checkout-error]");
    checkout.addEventListener("submit", function (event) {
      event.preventDefault();
      var codes = checkout.querySelector("[data-codes]").value.split(/[\s,;]+/).filter(Boolean);
      var country = checkout.querySelector("[data-country]").value;
      pay.disabled = true;
      say(problem, L.gettext("Un instant…"));
      L.api("POST", "/api/checkout", { country: country, codes: codes },
        { "Idempotency-Key": checkout.getAttribute("data-idempotency-key") })
        .then(function (order) {
          window.location.assign("/commande/" + encodeURIComponent(order.id));
        }, function (failure) {
          pay.disabled = false;
          if (failure.status === 401) { toLogin(); return; }
          say(problem, failure.message, "bad");
        });
    });
  }
  // Back from the order page (bfcache): the cart was emptied, show it as it is now.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && (cart || document.querySelector("[data-order]"))) { window.location.reload(); }
  });

  // Order page: the payment, then its outcome (settled by a worker within a second or two).
  var order = document.querySelector("[data-order]");
  if (order) {
    var orderId = order.getAttribute("data-order-id");
    var panel = order.querySelector("[data-payment-panel]");
    var status = order.querySelector("[data-payment-status]");
    var retry = order.querySelector("[data-payment-retry]");
    var testBox = order.querySelector("[data-test-payment]");
    var badge = order.querySelector("[data-order-status]");
    var payment = null;

    var show = function (state) {
      order.setAttribute("data-status", state);
      if (badge) {
        badge.textContent = statusLabel(state);
        badge.className = "badge order-" + state;
      }
      order.querySelectorAll("[data-outcome]").forEach(function (node) {
        var outcome = node.getAttribute("data-outcome");
        node.hidden = !(outcome === state || (outcome === "fulfilled" && state === "partially_refunded"));
      });
      if (state === "fulfilled" || state === "paid") {
        panel.hidden = true;
        var layout = order.querySelector("[data-order-layout]");
        if (layout) { layout.classList.add("single"); }
        var thanks = order.querySelector('[data-outcome="fulfilled"]');
        if (thanks) { thanks.hidden = false; thanks.scrollIntoView({ block: "start" }); }
      }
    };

    var follow = function () {
      var tries = 0;
      var step = function () {
        tries += 1;
        return L.api("GET", "/api/orders/" + encodeURIComponent(orderId)).then(function (current) {
          if (current.status === "fulfilled" || current.status === "failed") {
            show(current.status);
            say(status, "");
            setButtons(false);
            return current;
          }
          if (tries >= 60) { say(status, L.gettext("La confirmation tarde : rechargez la page dans un instant."), "bad"); setButtons(false); return current; }
          return sleep(500).then(step);
        }, function () { return sleep(1000).then(step); });
      };
      say(status, L.gettext("Paiement reçu, confirmation en cours…"));
      return step();
    };

    var setButtons = function (disabled) {
      order.querySelectorAll("[data-simulate], [data-stripe-pay]").forEach(function (button) {
        button.disabled = disabled;
      });
    };

    var mountStripe = function () {
      var form = order.querySelector("[data-stripe-form]");
      if (!form || !window.Stripe || !payment.publishable_key || !payment.client_secret) {
        say(status, L.gettext("Le service de paiement ne répond pas. Réessayez dans un instant."), "bad");
        return;
      }
      var stripe = window.Stripe(payment.publishable_key);
      var elements = stripe.elements({ clientSecret: payment.client_secret });
      elements.create("payment").mount(form.querySelector("[data-payment-element]"));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        setButtons(true);
        stripe.confirmPayment({
          elements: elements,
          confirmParams: { return_url: window.location.origin + window.location.pathname },
          redirect: "if_required"
        }).then(function (result) {
          if (result.error) { say(status, result.error.message || "", "bad"); setButtons(false); return; }
          follow();
        });
      });
    };

    var preparePayment = function () {
      retry.hidden = true;
      say(status, L.gettext("Un instant…"));
      // The order's one payment (created now if the provider was down at checkout).
      L.api("POST", "/api/orders/" + encodeURIComponent(orderId) + "/payment").then(function (current) {
        payment = current.payment;
        say(status, "");
        if (!payment) { show(current.status); return; }
        if (payment.gateway === "test" && testBox) {
          testBox.hidden = false;
        } else if (payment.gateway === "stripe") {
          mountStripe();
        }
        if (payment.status === "succeeded" || current.status === "paid") { follow(); }
      }, function (failure) {
        say(status, failure.status === 503
          ? L.gettext("Le service de paiement ne répond pas. Réessayez dans un instant.")
          : failure.message, "bad");
        retry.hidden = false;
      });
    };

    order.querySelectorAll("[data-simulate]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (!payment) { return; }
        setButtons(true);
        L.api("POST", "/api/orders/" + encodeURIComponent(orderId) + "/test-payment", {
          client_secret: payment.client_secret,
          outcome: button.getAttribute("data-simulate")
        }).then(follow, function (failure) {
          setButtons(false);
          say(status, failure.message, "bad");
        });
      });
    });
    if (retry) { retry.addEventListener("click", preparePayment); }

    var state = order.getAttribute("data-status");
    if (order.getAttribute("data-payable") === "true") {
      preparePayment();
      // Back from a 3-D Secure page of Stripe: the outcome is on its way.
      if (/[?&]payment_intent=/.test(window.location.search)) { follow(); }
    } else if (state === "paid") {
      follow();
    }
  }

  // Library: counted downloads.
  document.querySelectorAll("[data-download-format]").forEach(function (button) {
    button.addEventListener("click", function () {
      var item = button.closest("[data-owned]");
      var problem = item.querySelector("[data-download-error]");
      var line = item.querySelector("[data-downloads-line]");
      button.disabled = true;
      say(problem, "");
      L.download(button.getAttribute("data-work-id"), button.getAttribute("data-download-format"))
        .then(function (link) {
          showDownloadsLeft(line, link.downloads_left);
          var done = link.downloads_left <= 0;
          item.querySelectorAll("[data-download-format]").forEach(function (other) { other.disabled = done; });
        }, function (failure) {
          if (failure.status === 429) {
            showDownloadsLeft(line, 0);
            item.querySelectorAll("[data-download-format]").forEach(function (other) { other.disabled = true; });
            say(problem, L.gettext("Limite de téléchargements atteinte pour cet achat."), "bad");
          } else {
            button.disabled = false;
            say(problem, failure.message, "bad");
          }
        });
    });
  });
});
