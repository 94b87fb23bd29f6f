/* Small behaviours shared by every page. No inline scripts: see the CSP. */
(function () {
  "use strict";
  function init(root) {
    root.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
      var form = select.form;
      form.querySelectorAll("[data-hide-with-js]").forEach(function (el) { el.classList.add("js-hidden"); });
    });
    root.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
    root.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy-target"));
        if (target && navigator.clipboard) { navigator.clipboard.writeText(target.value || target.textContent); }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
/* The main menu's groups: one open at a time, closed by Escape or a click
   elsewhere. Without JavaScript they still open and close (<details>). */
(function () {
  "use strict";
  function menus() { return document.querySelectorAll("details[data-nav-menu]"); }
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!opened.matches || !opened.matches("details[data-nav-menu]") || !opened.open) { return; }
    menus().forEach(function (other) { if (other !== opened) { other.open = false; } });
  }, true);
  document.addEventListener("click", function (event) {
    menus().forEach(function (menu) { if (menu.open && !menu.contains(event.target)) { menu.open = false; } });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    menus().forEach(function (menu) {
      if (menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
    });
  });
})();
/* Comboboxes (WAI-ARIA 1.2, list autocomplete): a text input with
   data-autocomplete="URL" asks URL?q=… for an HTML fragment of
   <li role="option" data-value="…"> and lets people pick one with the arrow
   keys and Enter, or the mouse. Without JavaScript it stays a text field
   that the server resolves. */
(function () {
  "use strict";
  var counter = 0;
  function setup(input) {
    if (input.dataset.comboboxReady) { return; }
    input.dataset.comboboxReady = "1";
    var id = input.id || ("combobox-" + (++counter));
    input.id = id;
    var list = document.createElement("ul");
    list.id = id + "-listbox";
    list.className = "combobox-list";
    list.setAttribute("role", "listbox");
    var label = document.querySelector("label[for='" + id + "']");
    if (label) {
      if (!label.id) { label.id = id + "-label"; }
      list.setAttribute("aria-labelledby", label.id);
    }
    list.hidden = true;
    var wrap = document.createElement("div");
    wrap.className = "combobox";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var timer = null;
    var asked = "";
    function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]:not([aria-disabled=true])")); }
    function active() { return list.querySelector("[aria-selected=true]"); }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function open() {
      if (!list.children.length) { close(); return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function highlight(option) {
      options().forEach(function (o) { o.setAttribute("aria-selected", o === option ? "true" : "false"); });
      if (option) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function choose(option) {
      input.value = option.getAttribute("data-value");
      close();
      input.dispatchEvent(new Event("change", {bubbles: true}));
    }
    function ask() {
      var q = input.value.trim();
      if (q.length < 2) { list.innerHTML = ""; close(); return; }
      if (q === asked) { open(); return; }
      asked = q;
      var url = input.getAttribute("data-autocomplete");
      fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (input.value.trim() !== q) { return; }
          list.innerHTML = html;
          open();
        })
        .catch(function () { close(); });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      var items = options();
      var current = active();
      var index = items.indexOf(current);
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { ask(); open(); }
        highlight(items[Math.min(index + 1, items.length - 1)] || null);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(items[Math.max(index - 1, 0)] || null);
      } else if (event.key === "Enter") {
        if (!list.hidden && current) { event.preventDefault(); choose(current); }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
      }
    });
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (option && option.getAttribute("aria-disabled") !== "true") {
        event.preventDefault();
        choose(option);
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }
  function init(root) { root.querySelectorAll("input[data-autocomplete]").forEach(setup); }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
