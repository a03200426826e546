// The OpenAPI docs, from the vendored Swagger UI: an inline script would need a looser Content-Security-Policy.
"use strict";
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
