// Leaflet 1.9.4, minified, from frontend/vendor/ (copied from node_modules by `make frontend`).
// Its minified build is UMD: imported as a module by the browser it finds no CommonJS or AMD and
// sets globalThis.L; bundled (scripts/bundle.mjs) it is CommonJS, its exports the namespace's
// default. (The ES module build is unminified, 415 KB against 144 KB.)
import * as leaflet from "../../vendor/leaflet/leaflet.js";
import { MAP_STYLES } from "../../generated/styles.js";

const L = leaflet.default ?? globalThis.L;
L.noConflict?.call(L); // the pages use this module's export, not a global

// Leaflet's vector overlay <svg> is a drawing only (the feature list is the accessible model):
// hidden from assistive tech, so it is neither an unnamed image nor read shape by shape.
const initContainer = L.SVG.prototype._initContainer;
L.SVG.include({
  _initContainer() {
    initContainer.call(this);
    this._container.setAttribute("aria-hidden", "true");
    this._container.setAttribute("focusable", "false");
  },
});
export default L;

const loaded = new Map();

/** Adds a stylesheet of the served tree once (CSP style-src 'self' allows a <link> to it). */
export function ensureStylesheet(href) {
  // Already in the head (a pre-rendered map page names it there): no second request.
  const present = [...document.querySelectorAll('link[rel="stylesheet"]')].find((link) => link.href === href);
  if (!loaded.has(href) && present) {
    loaded.set(
      href,
      present.sheet
        ? Promise.resolve()
        : new Promise((resolve) => {
            present.addEventListener("load", resolve, { once: true });
            present.addEventListener("error", resolve, { once: true });
          }),
    );
  }
  if (!loaded.has(href)) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    loaded.set(
      href,
      new Promise((resolve) => {
        link.addEventListener("load", resolve, { once: true });
        link.addEventListener("error", resolve, { once: true });
      }),
    );
    document.head.append(link);
  }
  return loaded.get(href);
}

// Leaflet's stylesheet and the map's, one hashed file (scripts/bundle.mjs).
export const stylesheets = MAP_STYLES.map((href) => new URL(href, location.href).href);
