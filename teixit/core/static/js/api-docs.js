/* The API documentation page (core/api_docs.html): Swagger UI, from
   django-ninja's own static files, inside the site's frame. The settings come
   from a JSON script element; no inline script (the site's CSP forbids it). */
(function () {
  "use strict";
  var box = document.querySelector(".api-docs");
  var settingsElement = document.getElementById("swagger-settings");
  if (!box || !settingsElement || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  var config = JSON.parse(settingsElement.textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  config.layout = "BaseLayout";
  if (box.dataset.apiCsrf && box.dataset.csrfToken) {
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = box.dataset.csrfToken;
      return request;
    };
  }
  SwaggerUIBundle(config);
})();
