// Re-routing a line of an alternative ("go along Mt Eden Road instead"): in edit mode the chosen
// line (a LineString, or each part of a MultiLineString) gets a handle on every vertex and a
// smaller one half-way along every segment. By pointer or touch: drag a vertex handle to move
// it, drag (or tap) a half-way handle to add a vertex there, tap a vertex handle and "Remove
// point n" in the list to remove it. By keyboard: "Edit the route of …" in the list focuses the
// route editor, where [ and ] (Home, End) choose a vertex, the arrows move it (Shift: further),
// Insert or I adds one after it, Delete or Backspace removes it (a line keeps two), + and −
// zoom, Enter or Escape leave. Every change goes through the history (undo, redo) and is
// announced with the vertex's number and where it is. Methods of MapOption (map-option.js).

import L from "./leaflet.js";
import { compassPoint, distanceM, formatDistance } from "./geo.js";
import { arrowStep, zoomKey } from "./crosshair.js";
import { element, toLatLng, toPosition } from "./dom.js";
import {
  MIN_LINE_VERTICES,
  featureById,
  insertVertex,
  isLine,
  lineParts,
  moveVertex,
  removeVertex,
} from "./plan-edit.js";

const midpoint = (a, b) => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

export const routeEditMethods = {
  /** The line being re-routed: the chosen feature when it is a line and the map is in edit
   * mode. Keeps `this.route` ({ id, part, vertex (null: none chosen), keys }) true to the plan. */
  syncRoute() {
    const chosen = this.props.mode === "edit" && this.selected !== null ? featureById(this.plan, this.selected) : null;
    if (!isLine(chosen) || this.crosshair) {
      if (this.route?.keys) this.endRouteKeys();
      this.route = null;
      return;
    }
    if (!this.route || this.route.id !== String(chosen.id)) {
      if (this.route?.keys) this.endRouteKeys();
      this.route = { id: String(chosen.id), part: 0, vertex: null, keys: false };
    }
    const parts = lineParts(chosen);
    this.route.part = Math.min(this.route.part, parts.length - 1);
    if (this.route.vertex !== null) this.route.vertex = Math.min(this.route.vertex, parts[this.route.part].length - 1);
  },

  routeFeature() {
    return this.route ? featureById(this.plan, this.route.id) : null;
  },

  /** "Point 2 of 5" (or "Point 2 of 5 in part 1" for a line of several parts). */
  pointLabel(feature, part, index) {
    const parts = lineParts(feature);
    const params = { n: String(index + 1), count: String(parts[part].length), part: String(part + 1) };
    return this.t(parts.length > 1 ? "route.point_in_part" : "route.point_of", params);
  },

  // --- pointer and touch: the handles ------------------------------------------------------------

  drawRouteHandles() {
    const feature = this.routeFeature();
    if (!feature) return;
    lineParts(feature).forEach((vertices, part) => {
      const preview = (index, latlng, insert) => {
        const line = this.routePolylines[part];
        if (!line) return;
        const latlngs = vertices.map(toLatLng);
        latlngs.splice(index, insert ? 0 : 1, latlng);
        line.setLatLngs(latlngs);
      };
      vertices.forEach((position, index) => {
        const current = part === this.route.part && index === this.route.vertex;
        const handle = L.marker(toLatLng(position), {
          icon: L.divIcon({ className: `map-vertex${current ? " is-current" : ""}`, iconSize: [24, 24] }),
          draggable: true,
          autoPan: true,
          keyboard: false,
          zIndexOffset: current ? 3000 : 2000,
          bubblingMouseEvents: false,
        });
        handle.on("click", () => this.chooseVertex(part, index));
        handle.on("drag", () => preview(index, handle.getLatLng(), false));
        handle.on("dragend", () => this.moveVertexTo(part, index, toPosition(handle.getLatLng())));
        handle.addTo(this.handles);
      });
      for (let index = 0; index + 1 < vertices.length; index += 1) {
        const half = midpoint(vertices[index], vertices[index + 1]);
        const handle = L.marker(toLatLng(half), {
          icon: L.divIcon({ className: "map-midpoint", iconSize: [20, 20] }),
          draggable: true,
          autoPan: true,
          keyboard: false,
          zIndexOffset: 1500,
          bubblingMouseEvents: false,
        });
        handle.on("click", () => this.insertVertexAt(part, index + 1, half));
        handle.on("drag", () => preview(index + 1, handle.getLatLng(), true));
        handle.on("dragend", () => this.insertVertexAt(part, index + 1, toPosition(handle.getLatLng())));
        handle.addTo(this.handles);
      }
    });
  },

  /** Under the chosen line in the list: the keyboard editor, removing the chosen vertex, and
   * how the handles work. */
  routeActions(feature) {
    const id = String(feature.id);
    const { part, vertex } = this.route ?? { part: 0, vertex: null };
    const vertices = lineParts(feature)[part];
    return element(
      "div",
      { className: "map-feature__actions" },
      element("button", {
        type: "button",
        className: "map-button",
        "data-focus": `route:${id}`,
        text: this.t("route.edit", { name: this.name(feature) }),
        onClick: () => (this.route?.keys ? this.routeEl.focus() : this.startRouteKeys()),
      }),
      vertex === null
        ? null
        : element("button", {
            type: "button",
            className: "map-button map-button--danger",
            "data-focus": `route-remove:${id}`,
            "aria-disabled": vertices.length <= MIN_LINE_VERTICES ? "true" : null,
            text: this.t("route.remove_point", { n: String(vertex + 1), count: String(vertices.length) }),
            onClick: () => this.removeChosenVertex(),
          }),
      element("p", { className: "map-feature__hint", text: this.t("route.pointer_hint") }),
    );
  },

  // --- the keyboard: the route editor -------------------------------------------------------------

  startRouteKeys() {
    if (!this.route) return;
    this.route.keys = true;
    if (this.route.vertex === null) this.route.vertex = 0;
    this.routeEl.hidden = false;
    this.root.classList.add("is-route-editing");
    this.render();
    this.routeEl.focus({ preventScroll: true });
    this.showVertex();
    const feature = this.routeFeature();
    const count = lineParts(feature).reduce((sum, vertices) => sum + vertices.length, 0);
    this.announce(`${this.t("route.started", { name: this.name(feature), count: String(count) })} ${this.vertexText()}`);
  },

  endRouteKeys() {
    if (this.route) this.route.keys = false;
    this.routeEl.hidden = true;
    this.root.classList.remove("is-route-editing");
  },

  finishRouteKeys() {
    const feature = this.routeFeature();
    this.endRouteKeys();
    if (feature) {
      this.pendingFocus = `route:${feature.id}`;
      this.announce(this.t("route.done", { name: this.name(feature) }));
    }
    this.render();
  },

  onRouteKey(event) {
    if (!this.route?.keys || event.ctrlKey || event.metaKey || event.altKey) return; // Ctrl+Z: the root's
    const move = arrowStep(event);
    const key = event.key;
    if (move) this.nudgeVertex(move);
    else if (zoomKey(this.map, event)) return;
    else if (key === "[" || key === "]") this.stepVertex(key === "]" ? 1 : -1);
    else if (key === "Home" || key === "End") this.stepVertex(key === "End" ? Infinity : -Infinity);
    else if (key === "Insert" || key === "i" || key === "I") this.insertAfterChosen();
    else if (key === "Delete" || key === "Backspace") this.removeChosenVertex();
    else if (key === "Escape" || key === "Enter") {
      event.stopPropagation();
      this.finishRouteKeys();
    } else return;
    event.preventDefault();
  },

  /** "Point 2 of 5: 120 m north-east of Balmoral." */
  vertexText() {
    const feature = this.routeFeature();
    const { part, vertex } = this.route;
    if (!feature || vertex === null) return "";
    const position = lineParts(feature)[part][vertex];
    return this.t("route.chosen", { point: this.pointLabel(feature, part, vertex), where: this.where(position) });
  },

  /** The map panned, if need be, so the chosen vertex is in view. */
  showVertex() {
    const feature = this.routeFeature();
    if (!feature || this.route.vertex === null) return;
    const latlng = toLatLng(lineParts(feature)[this.route.part][this.route.vertex]);
    if (!this.map.getBounds().pad(-0.1).contains(latlng)) this.map.panTo(latlng, { animate: false });
  },

  chooseVertex(part, index) {
    if (!this.route) return;
    this.route.part = part;
    this.route.vertex = index;
    this.render();
    this.showVertex();
    this.announce(this.vertexText());
  },

  /** The previous (-1) or next (+1) vertex, across the parts in order; ±Infinity: the first or last. */
  stepVertex(delta) {
    const all = lineParts(this.routeFeature()).flatMap((vertices, part) => vertices.map((_, index) => [part, index]));
    const now = all.findIndex(([part, index]) => part === this.route.part && index === this.route.vertex);
    const next = Math.max(0, Math.min(all.length - 1, now + (Number.isFinite(delta) ? delta : delta * all.length)));
    this.chooseVertex(...all[next]);
  },

  /** The chosen vertex moved by [dx, dy] screen pixels. */
  nudgeVertex([dx, dy]) {
    const { part, vertex } = this.route;
    const position = lineParts(this.routeFeature())[part][vertex];
    const zoom = this.map.getZoom(); // projected, not container, points: those are rounded
    const point = this.map.project(toLatLng(position), zoom).add([dx, dy]);
    this.moveVertexTo(part, vertex, toPosition(this.map.unproject(point, zoom)));
  },

  moveVertexTo(part, index, position) {
    const feature = this.routeFeature();
    const from = lineParts(feature)[part][index];
    const metres = distanceM(from, position);
    this.route.part = part;
    this.route.vertex = index;
    if (metres < 0.5) {
      this.render();
      return;
    }
    const description = this.t("route.moved", {
      point: this.pointLabel(feature, part, index),
      name: this.name(feature),
      distance: formatDistance(metres, this.props.lang),
      direction: this.t(`direction.${compassPoint(from, position)}`),
      where: this.where(position),
    });
    this.change_(description, moveVertex(this.plan, feature.id, part, index, position));
    this.showVertex();
  },

  insertVertexAt(part, index, position) {
    const feature = this.routeFeature();
    const next = insertVertex(this.plan, feature.id, part, index, position);
    this.route.part = part;
    this.route.vertex = index;
    const description = this.t("route.added", {
      point: this.pointLabel(featureById(next, feature.id), part, index),
      name: this.name(feature),
      where: this.where(position),
    });
    this.change_(description, next);
    this.showVertex();
  },

  /** A vertex after the chosen one: half-way to the next, or past the last one by half the
   * last segment. */
  insertAfterChosen() {
    const { part, vertex } = this.route;
    const vertices = lineParts(this.routeFeature())[part];
    const here = vertices[vertex];
    const there = vertices[vertex + 1];
    const before = vertices[vertex - 1];
    const position = there ? midpoint(here, there) : [here[0] + (here[0] - before[0]) / 2, here[1] + (here[1] - before[1]) / 2];
    this.insertVertexAt(part, vertex + 1, position);
  },

  removeChosenVertex() {
    const feature = this.routeFeature();
    const { part, vertex } = this.route ?? {};
    if (!feature || vertex === null || vertex === undefined) return;
    const vertices = lineParts(feature)[part];
    if (vertices.length <= MIN_LINE_VERTICES) {
      this.announce(this.t("route.too_few", { min: String(MIN_LINE_VERTICES) }));
      return;
    }
    const description = this.t("route.removed", {
      point: this.pointLabel(feature, part, vertex),
      name: this.name(feature),
      count: String(vertices.length - 1),
    });
    this.route.vertex = Math.max(0, vertex - 1);
    this.change_(description, removeVertex(this.plan, feature.id, part, vertex));
  },
};
