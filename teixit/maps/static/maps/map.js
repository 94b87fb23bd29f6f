/* The public SSE map: draws the clusters and entities answered by
   /api/v1/map/ for the visible area, again after every move and filter change.
   No inline scripts (CSP): settings come from data- attributes of #map. */
(function () {
  "use strict";

  function filterQuery(el) {
    var form = el.dataset.form ? document.getElementById(el.dataset.form) : null;
    if (!form) { return el.dataset.query || ""; }
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "" && key !== "page") { params.append(key, value); }
    });
    return params.toString();
  }

  function clusterIcon(count) {
    var size = count < 10 ? "small" : count < 100 ? "medium" : count < 1000 ? "large" : "huge";
    var dims = { small: 30, medium: 36, large: 44, huge: 52 }[size];
    return L.divIcon({
      className: "map-cluster map-cluster-" + size,
      html: "<span>" + Number(count).toLocaleString() + "</span>",
      iconSize: [dims, dims]
    });
  }

  function entityIcon(approximate) {
    return L.divIcon({
      className: "map-entity" + (approximate ? " map-entity-approximate" : ""),
      iconSize: [18, 18]
    });
  }

  function popupContent(el, props) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("strong");
    title.textContent = props.name;
    box.appendChild(title);
    if (props.approximate) {
      var note = document.createElement("p");
      note.className = "map-popup-note";
      note.textContent = el.dataset.labelApproximate;
      box.appendChild(note);
    }
    if (props.url) {
      var p = document.createElement("p");
      var link = document.createElement("a");
      link.href = props.url;
      link.textContent = el.dataset.labelOpen;
      link.className = "map-popup-link";
      if (el.dataset.linkTarget) { link.target = el.dataset.linkTarget; link.rel = "noopener"; }
      p.appendChild(link);
      box.appendChild(p);
    }
    return box;
  }

  /* A cluster no zoom can split (entities on one spot): a list of links. */
  function stackContent(el, props) {
    var box = document.createElement("div");
    box.className = "map-popup map-popup-stack";
    var title = document.createElement("strong");
    title.textContent = props.count + " " + el.dataset.labelCluster;
    box.appendChild(title);
    var list = document.createElement("ul");
    list.className = "map-stack-list";
    props.entities.forEach(function (entity) {
      var item = document.createElement("li");
      var label = entity.url ? document.createElement("a") : document.createElement("span");
      label.textContent = entity.name;
      if (entity.url) {
        label.href = entity.url;
        if (el.dataset.linkTarget) { label.target = el.dataset.linkTarget; label.rel = "noopener"; }
      }
      item.appendChild(label);
      if (entity.approximate) {
        item.className = "map-stack-approximate";
        item.title = el.dataset.labelApproximate;
        var note = document.createElement("span");
        note.className = "map-popup-note";
        note.textContent = " (" + el.dataset.labelApproximate + ")";
        item.appendChild(note);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    if (props.entities.length < props.count) {
      var more = document.createElement("p");
      more.className = "map-popup-note";
      more.textContent = "… +" + (props.count - props.entities.length);
      box.appendChild(more);
    }
    return box;
  }

  /* The vector base layer: simplified comarca outlines served by the site,
     and municipality outlines from zoom OUTLINE_MUNICIPALITY_ZOOM (a larger
     file, fetched the first time it is needed). Drawn under the markers,
     not clickable. */
  var OUTLINE_MUNICIPALITY_ZOOM = 10;

  function showOutlines(map, el) {
    if (!el.dataset.outlines || map.getPane("outlines")) { return; }
    map.createPane("outlines").style.zIndex = 250;  // above tiles (200), under markers
    el.classList.add("map-outlined");
    var base = { pane: "outlines", interactive: false };
    function fetchLayer(level, style) {
      var url = el.dataset.outlines + (el.dataset.outlines.indexOf("?") < 0 ? "?" : "&") + "level=" + level;
      return fetch(url, { headers: { Accept: "application/geo+json" } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (data) { return L.geoJSON(data, { style: function () { return L.extend({}, base, style); } }); });
    }
    fetchLayer("comarques", { color: "#5b6b7a", weight: 1.5, opacity: 0.9, fillColor: "#eef1ea", fillOpacity: 1 })
      .then(function (layer) {
        layer.addTo(map);
        layer.bringToBack();
        el.setAttribute("data-outlines-drawn", "comarques");
      })
      .catch(function () { /* no outlines: the markers alone, as before */ });
    var municipalities = null;
    var loading = false;
    function follow() {
      var wanted = map.getZoom() >= OUTLINE_MUNICIPALITY_ZOOM;
      if (wanted && !municipalities && !loading) {
        loading = true;
        fetchLayer("municipalities", { color: "#8a97a3", weight: 0.7, opacity: 0.9, fill: false })
          .then(function (layer) { municipalities = layer; follow(); })
          .catch(function () { /* keep the comarques only */ });
        return;
      }
      if (!municipalities) { return; }
      if (wanted && !map.hasLayer(municipalities)) {
        municipalities.addTo(map);
        el.setAttribute("data-outlines-drawn", "comarques municipalities");
      } else if (!wanted && map.hasLayer(municipalities)) {
        map.removeLayer(municipalities);
        el.setAttribute("data-outlines-drawn", "comarques");
      }
    }
    map.on("zoomend", follow);
    follow();
  }

  /* Filters compared whatever their order. */
  function sameQuery(a, b) {
    function normal(query) { var params = new URLSearchParams(query || ""); params.sort(); return params.toString(); }
    return normal(a) === normal(b);
  }

  /* The first view's answer, embedded by the page (a JSON data block, not a
     script: CSP) so the first clusters need no request of their own. */
  function embeddedFirstView(el) {
    var block = el.dataset.firstView ? document.getElementById(el.dataset.firstView) : null;
    if (!block) { return null; }
    try { return JSON.parse(block.textContent); } catch (error) { return null; }
  }

  function init(el) {
    var center = (el.dataset.center || "41.7,1.75").split(",").map(Number);
    var map = L.map(el, { center: center, zoom: Number(el.dataset.zoom || 8), maxZoom: 20, minZoom: 2, zoomControl: false });
    // The zoom buttons in the page's language (Leaflet's own titles are English).
    L.control.zoom({
      zoomInTitle: el.dataset.labelZoomIn || "Zoom in",
      zoomOutTitle: el.dataset.labelZoomOut || "Zoom out"
    }).addTo(map);
    // Leaflet's own English texts: the attribution's link title and the popups'
    // close button.
    if (map.attributionControl && el.dataset.labelLeaflet) {
      var credit = document.createElement("a");
      credit.href = "https://leafletjs.com";
      credit.title = el.dataset.labelLeaflet;
      credit.textContent = "Leaflet";
      map.attributionControl.setPrefix(credit.outerHTML);
    }
    map.on("popupopen", function (event) {
      var close = event.popup.getElement() && event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close && el.dataset.labelClose) { close.setAttribute("aria-label", el.dataset.labelClose); close.title = el.dataset.labelClose; }
    });
    if (el.dataset.tiles) {
      var tiles = L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
      // Tiles blocked or offline: say so once, and draw the outlines instead;
      // the entities are still shown.
      tiles.once("tileerror", function () {
        showOutlines(map, el);
        if (!el.dataset.labelTilesError) { return; }
        var notice = document.createElement("p");
        notice.className = "map-tiles-notice";
        notice.setAttribute("role", "status");
        notice.textContent = el.dataset.labelTilesError;
        el.parentNode.insertBefore(notice, el.nextSibling);
      });
    } else {
      showOutlines(map, el);  // no tile server configured: the outlines are the background
    }
    var layer = L.layerGroup().addTo(map);
    var controller = null;
    var firstView = embeddedFirstView(el);
    var openEntity = null;  // id of the entity whose popup is open
    map.on("popupclose", function () { openEntity = null; });

    function draw(data) {
      // A popup stays open across reloads (e.g. after it panned the map).
      var reopen = openEntity;
      layer.clearLayers();
      data.features.forEach(function (feature) {
        var c = feature.geometry.coordinates;
        var props = feature.properties;
        var latlng = [c[1], c[0]];
        if (props.cluster) {
          var marker = L.marker(latlng, {
            icon: clusterIcon(props.count),
            title: props.count + " " + el.dataset.labelCluster,
            alt: props.count + " " + el.dataset.labelCluster,
            keyboard: true
          });
          if (props.stacked && props.entities) {
            // Zooming would never split it: open the list instead.
            marker.bindPopup(stackContent(el, props), { maxHeight: 300 });
            marker.on("popupopen", function () { openEntity = "stack:" + c.join(","); });
            layer.addLayer(marker);
            if (reopen === "stack:" + c.join(",")) { marker.openPopup(); }
          } else {
            marker.on("click", function () {
              var b = props.bbox;
              map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { maxZoom: props.zoom });
            });
            layer.addLayer(marker);
          }
        } else {
          var entity = L.marker(latlng, { icon: entityIcon(props.approximate), title: props.name, alt: props.name, keyboard: true });
          entity.bindPopup(popupContent(el, props));
          entity.on("popupopen", function () { openEntity = props.id; });
          layer.addLayer(entity);
          if (props.id === reopen) { entity.openPopup(); }
        }
      });
      el.setAttribute("data-features", String(data.features.length));
      el.setAttribute("data-count", String(data.count));
      el.classList.remove("map-error");
    }

    function load() {
      var bounds = map.getBounds();
      var west = Math.max(-180, bounds.getWest());
      var east = Math.min(180, bounds.getEast());
      var south = Math.max(-85, bounds.getSouth());
      var north = Math.min(85, bounds.getNorth());
      if (west >= east || south >= north) { return; }
      var url = el.dataset.api + "?bbox=" + [west, south, east, north].map(function (v) { return v.toFixed(6); }).join(",") +
        "&zoom=" + Math.round(map.getZoom());
      var query = filterQuery(el);
      var first = firstView;
      firstView = null;  // used once, for the view the page opens on
      if (first && first.zoom === Math.round(map.getZoom()) && sameQuery(first.query, query) &&
          west >= first.bbox[0] && south >= first.bbox[1] && east <= first.bbox[2] && north <= first.bbox[3]) {
        if (controller) { controller.abort(); controller = null; }
        draw(first.data);
        return;
      }
      if (query) { url += "&" + query; }
      if (controller) { controller.abort(); }
      controller = new AbortController();
      el.setAttribute("aria-busy", "true");
      fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(draw)
        .catch(function (error) {
          if (error && error.name === "AbortError") { return; }
          el.classList.add("map-error");
          el.setAttribute("data-error", el.dataset.labelError);
        })
        .finally(function () { el.removeAttribute("aria-busy"); });
    }

    map.on("moveend", load);
    load();

    var form = el.dataset.form ? document.getElementById(el.dataset.form) : null;
    if (form) {
      form.addEventListener("change", function () { window.setTimeout(load, 0); updateEmbed(); });
      form.addEventListener("submit", function () { window.setTimeout(load, 0); updateEmbed(); });
    }
    window.teixitMap = map;
  }

  /* The code to embed the map: width, height and filters update it live. */
  function updateEmbed() {
    var code = document.getElementById("embed-code");
    if (!code) { return; }
    var mapEl = document.getElementById("map");
    var base = code.dataset.embedUrl.split("?")[0];
    var query = mapEl ? filterQuery(mapEl) : "";
    var width = document.getElementById("embed-width").value || "600";
    var height = document.getElementById("embed-height").value || "450";
    var iframe = document.createElement("iframe");
    iframe.setAttribute("src", base + (query ? "?" + query : ""));
    iframe.setAttribute("width", width);
    iframe.setAttribute("height", height);
    iframe.setAttribute("title", code.dataset.embedTitle);
    iframe.setAttribute("loading", "lazy");
    code.value = iframe.outerHTML;
  }

  /* Deferred, this file runs once the page is parsed: the map starts at once,
     without waiting for the page's other deferred scripts (DOMContentLoaded). */
  function start() {
    var el = document.getElementById("map");
    if (el && window.L) { init(el); }
    var sizeForm = document.getElementById("embed-size");
    if (sizeForm) {
      sizeForm.querySelectorAll("[data-hide-with-js]").forEach(function (b) { b.classList.add("js-hidden"); });
      sizeForm.addEventListener("input", updateEmbed);
      sizeForm.addEventListener("submit", function (event) { event.preventDefault(); updateEmbed(); });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
