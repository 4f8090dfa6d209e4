// The map option's drawing: lines, areas and stops as Leaflet layers, what an alternative
// changed drawn faint beneath ("ghosts"), and the pin. Methods of MapOption (map-option.js);
// the handles for re-routing a line are drawn by route-edit.js.

import L from "./leaflet.js";
import { simpleParts } from "./geo.js";
import { element, toLatLng, toPosition } from "./dom.js";
import { featureById, isLine, isStop } from "./plan-edit.js";

export const GHOST_PANE = "map-ghost-routes"; // beneath the lines (overlayPane, z-index 400)
const GHOST = { color: "#6b7280", weight: 2, dashArray: "4 4", interactive: false };

export const layerMethods = {
  renderLayers() {
    this.features.clearLayers();
    this.ghosts.clearLayers();
    this.handles.clearLayers();
    this.routePolylines = [];
    const editing = this.props.mode === "edit";
    const paths = [];
    const stops = [];
    for (const feature of this.plan.features) {
      (isStop(feature) ? stops : paths).push(feature);
    }
    for (const feature of paths) this.drawPath(feature);
    if (this.showsChanges) this.drawGhosts();
    for (const feature of stops) this.drawStop(feature, editing);
    if (this.route) this.drawRouteHandles();
    this.pinLayer.clearLayers();
    if (this.pin && this.props.mode === "view") {
      L.marker(toLatLng(this.pin), {
        icon: L.divIcon({ className: "map-pin", iconSize: [28, 28], iconAnchor: [14, 28] }),
        keyboard: false,
        interactive: false,
      }).addTo(this.pinLayer);
    }
  },

  // A line, an area, or a geometry of several parts (a route as a MultiLineString, an OSM
  // relation as a MultiPolygon, a GeometryCollection): every part drawn, one feature to click.
  drawPath(feature) {
    const selected = String(feature.id) === String(this.selected);
    const answered = this.answeredWords(feature) !== null;
    const routed = this.route !== null && String(this.route.id) === String(feature.id);
    const parts = simpleParts(feature.geometry);
    const group = L.featureGroup();
    for (const { type, coordinates } of parts) {
      const polygon = type === "Polygon";
      const options = {
        className: `map-feature-path${polygon ? " map-feature-path--area" : ""}${selected ? " is-selected" : ""}${answered ? " is-answered" : ""}`,
        color: selected ? "#b45309" : polygon ? "#047857" : "#1e3a8a",
        weight: selected ? 8 : polygon ? 2 : 6,
        fillColor: polygon ? "#10b981" : undefined,
        fillOpacity: polygon ? (selected ? 0.35 : 0.2) : 0,
        bubblingMouseEvents: false,
      };
      if (type === "Point") {
        L.circleMarker(toLatLng(coordinates), { ...options, radius: 7, fillColor: options.color, fillOpacity: 0.8 }).addTo(group);
      } else if (polygon) {
        L.polygon(coordinates.map((ring) => ring.map(toLatLng)), options).addTo(group);
      } else {
        const line = L.polyline(coordinates.map(toLatLng), options).addTo(group);
        if (routed) this.routePolylines.push(line); // redrawn live while a vertex is dragged
      }
    }
    group.on("click", (event) => this.onFeatureClick(feature.id, event));
    group.addTo(this.features);
    if (selected) group.bringToFront();
    if (answered) this.drawAnsweredBadge(parts);
  },

  /** A check mark on an answered line or area (a shape, not a colour; the list says it in
   * words): on the middle vertex of its longest line, or at the centre of its first area. */
  drawAnsweredBadge(parts) {
    const lines = parts.filter((part) => part.type === "LineString");
    let at = null;
    if (lines.length) {
      const longest = lines.reduce((a, b) => (b.coordinates.length > a.coordinates.length ? b : a));
      at = toLatLng(longest.coordinates[Math.floor(longest.coordinates.length / 2)]);
    } else {
      const area = parts.find((part) => part.type === "Polygon");
      if (area) at = L.polygon(area.coordinates.map((ring) => ring.map(toLatLng))).getBounds().getCenter();
    }
    if (!at) return;
    L.marker(at, {
      // beside the point, to its left (a stop there keeps its own mark and its label on the right)
      icon: L.divIcon({ className: "map-answered-badge", iconSize: [22, 22], iconAnchor: [34, 11], html: "✓" }),
      keyboard: false,
      interactive: false,
    }).addTo(this.features);
  },

  drawStop(feature, editing) {
    const selected = String(feature.id) === String(this.selected);
    const change = this.change(feature);
    const answered = this.answeredWords(feature);
    const classes = ["map-stop", selected && "is-selected", change && `is-${change}`, answered && "is-answered"];
    const marker = L.marker(toLatLng(feature.geometry.coordinates), {
      icon: L.divIcon({ className: classes.filter(Boolean).join(" "), iconSize: [28, 28] }),
      draggable: editing,
      autoPan: true,
      keyboard: false,
      riseOnHover: true,
      zIndexOffset: selected ? 1000 : 0,
      bubblingMouseEvents: false,
    });
    // An answered stop's label starts with a check mark (the list says it in words).
    const label = element("span", { text: answered ? `✓ ${this.name(feature)}` : this.name(feature) });
    marker.bindTooltip(label, {
      permanent: true,
      direction: "right",
      offset: [14, 0],
      className: "map-label",
      interactive: false,
    });
    marker.on("click", (event) => this.onFeatureClick(feature.id, event));
    marker.on("dragstart", () => this.map.closePopup());
    marker.on("dragend", () => this.moveTo(feature.id, toPosition(marker.getLatLng())));
    marker.addTo(this.features);
  },

  /** In edit and compare mode: where moved and removed stops were in the option, and the
   * option's route of a re-routed line, drawn faint. */
  drawGhosts() {
    for (const before of this.original.features) {
      const now = featureById(this.plan, before.id);
      if (now && JSON.stringify(now.geometry) === JSON.stringify(before.geometry)) continue;
      if (isLine(before)) {
        if (!now) continue; // a removed line is listed as removed
        for (const { coordinates } of simpleParts(before.geometry)) {
          L.polyline(coordinates.map(toLatLng), { ...GHOST, pane: GHOST_PANE, className: "map-ghost map-ghost--route" }).addTo(this.ghosts);
        }
        continue;
      }
      if (!isStop(before)) continue;
      const was = toLatLng(before.geometry.coordinates);
      L.circleMarker(was, {
        radius: 8,
        className: `map-ghost${now ? "" : " map-ghost--removed"}`,
        color: "#6b7280",
        weight: 2,
        dashArray: "3 3",
        fillOpacity: 0,
        interactive: false,
      }).addTo(this.ghosts);
      if (now) L.polyline([was, toLatLng(now.geometry.coordinates)], GHOST).addTo(this.ghosts);
    }
  },
};
