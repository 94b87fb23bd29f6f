/* A small map of points given by the page: needs on the needs page, matched
   SSE entities on a need's page and in the "buy from the SSE" search.
   No inline scripts (CSP): the points come from a json_script element named by
   data-points, the tiles from data- attributes. */
(function () {
  "use strict";

  function popup(point, label) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = point.name;
    box.appendChild(title);
    if (point.place) {
      var place = document.createElement("p");
      place.textContent = point.place;
      box.appendChild(place);
    }
    if (point.url) {
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = label;
      box.appendChild(link);
    }
    return box;
  }

  function init(el) {
    var source = document.getElementById(el.dataset.points);
    var points = source ? JSON.parse(source.textContent) : [];
    var map = L.map(el, { center: [41.7, 1.75], zoom: 8, maxZoom: 18 });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 18 }).addTo(map);
    }
    var bounds = [];
    points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lon], {
        icon: L.divIcon({ className: "needs-marker", iconSize: [16, 16] }),
        title: point.name,
        alt: point.name
      });
      marker.bindPopup(popup(point, el.dataset.labelOpen || ""));
      marker.addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 12, { animate: false });
    } else if (bounds.length > 1) {
      map.fitBounds(bounds, { padding: [20, 20], maxZoom: 14, animate: false });
    }
    el.dataset.ready = String(points.length);
  }

  function start() {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll("[data-needs-map]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    if (typeof L === "undefined") { return; }
    event.target.querySelectorAll("[data-needs-map]").forEach(function (el) {
      if (!el.dataset.ready) { init(el); }
    });
  });
}());
