// The map option: features drawn with Leaflet (on a plain background unless config.tiles is set),
// a list of the features beside the map (the keyboard and screen-reader path), pins placed by a tap
// or by a keyboard crosshair, and, in edit mode, an alternative plan: move, add and remove stops.
// Resident text (stop names) is only ever inserted as text. Its strings are the "map" object of
// frontend/i18n/<lang>.json; it loads Leaflet's CSS and css/map.css itself.
//
// mountMapOption(container, props) → { update(partialProps), destroy() }
//   option        the option from GET /consultations/{cid}/options/{oid} (kind "map")
//   t, lang       i18n lookup (keys "map.…", {name} placeholders) and the language tag
//   config        config.json (tiles: null → no tile layer; {url, attribution} → a tile layer)
//   mode          "view" (comment, pin) | "edit" (the resident's alternative) |
//                 "compare" (an alternative shown read-only, its changes drawn and listed)
//   selected      a feature id or null
//   onSelect(id)  a feature of the option chosen (pointer or keyboard), or null; a stop the
//                 resident added is chosen in the map but reported as null (nothing to list)
//   onPin([lon, lat])   a pin dropped (tap, or the crosshair and Enter)
//   onPlanChange(plan)  edit mode: the whole edited FeatureCollection after every change
//   plan          optional: the alternative to start from / show (e.g. work in progress)
//   pin           optional: [lon, lat] to draw as the pin, or null to clear it
// update() redraws only when a prop changed, so passing the same props on every page render is
// cheap and never ends a drag. The root gets data-ready="true" once its styles are in.

import L, { ensureStylesheet, stylesheets } from "./leaflet.js";
import {
  compassPoint,
  describePosition,
  distanceM,
  formatDistance,
  positionsOf,
  simpleParts,
} from "./geo.js";
import {
  History,
  addStop,
  clonePlan,
  featureById,
  featureName,
  isStop,
  moveStop,
  removeFeature,
} from "./plan-edit.js";

const STEP_PX = 10; // a crosshair step; Shift: BIG_STEP_PX
const BIG_STEP_PX = 80;
const AT_FEATURE_M = 10; // closer than this, the crosshair is "at" the feature
const NAME_MAX = 100;

let instances = 0;

export function mountMapOption(container, props) {
  const view = new MapOption(container, props);
  return { update: (partial) => view.update(partial), destroy: () => view.destroy() };
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2).toLowerCase(), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

const toLatLng = ([lon, lat]) => [lat, lon];
const toPosition = (latlng) => [latlng.lng, latlng.lat];

class MapOption {
  constructor(container, props) {
    this.container = container;
    this.uid = `map-option-${(instances += 1)}`;
    this.props = {
      mode: "view",
      selected: null,
      config: {},
      onSelect() {},
      onPin() {},
      onPlanChange() {},
      ...props,
    };
    this.original = this.props.option.plan;
    this.edited = clonePlan(this.props.plan ?? this.original);
    this.reported = null; // the last plan handed to onPlanChange
    this.reportedSelection = undefined; // the last id handed to onSelect
    this.selected = this.props.selected ?? null;
    this.pin = this.props.pin ?? null;
    this.history = new History();
    this.crosshair = null; // { purpose: "pin" | "add" | "move", featureId, returnFocus }
    this.naming = null; // { position, error }
    this.pendingFocus = null;
    this.build();
    this.render();
    this.fit();
    Promise.all(stylesheets.map(ensureStylesheet)).then(() => {
      if (!this.map) return;
      this.map.invalidateSize();
      this.fit();
      this.root.dataset.ready = "true"; // styles in, map laid out: what tests wait for
    });
  }

  /** The plan drawn: the option in view mode, else the alternative (kept across mode switches). */
  get plan() {
    return this.props.mode === "view" ? this.original : this.edited;
  }

  set plan(plan) {
    this.edited = plan;
  }

  /** onSelect with a feature of the option, or null for a stop the resident added (there is
   * nothing about it to comment on or to list); the map keeps its own choice either way. */
  reportSelection(id) {
    const known = id !== null && featureById(this.original, id) !== null;
    this.reportedSelection = known ? String(id) : null;
    this.props.onSelect(this.reportedSelection);
  }

  report() {
    this.reported = clonePlan(this.edited);
    this.props.onPlanChange(this.reported);
  }

  t(key, params) {
    return this.props.t(`map.${key}`, params);
  }

  // --- the skeleton, built once ---------------------------------------------------------------

  build() {
    const id = this.uid;
    this.mapEl = element("div", {
      className: "map-option__map",
      id: `${id}-map`,
      role: "region",
    });
    this.crossEl = element("div", {
      className: "map-option__crosshair",
      tabindex: "-1",
      role: "application",
      "aria-describedby": `${id}-hint`,
      hidden: true,
      onKeydown: (event) => this.onCrosshairKey(event),
    });
    this.stage = element("div", { className: "map-option__stage" }, this.mapEl, this.crossEl);
    this.hint = element("p", { className: "map-option__hint", id: `${id}-hint`, hidden: true });
    this.tools = element("div", { className: "map-option__tools" });
    this.namingEl = element("div", { className: "map-option__naming", hidden: true });
    this.live = element("p", {
      className: "map-option__live",
      role: "status",
      "aria-live": "polite",
    });
    this.listLabel = element("p", { className: "map-option__list-label", id: `${id}-list` });
    this.list = element("ul", { className: "map-option__list", "aria-labelledby": `${id}-list` });
    this.panel = element(
      "div",
      { className: "map-option__panel" },
      this.hint,
      this.tools,
      this.namingEl,
      this.live,
      this.listLabel,
      this.list,
    );
    this.root = element(
      "div",
      {
        className: "map-option",
        onKeydown: (event) => this.onRootKey(event),
      },
      element("div", { className: "map-option__layout" }, this.stage, this.panel),
    );
    this.container.append(this.root);

    this.map = L.map(this.mapEl, {
      zoomControl: false,
      attributionControl: false,
      keyboard: true,
      doubleClickZoom: false, // a tap means "here" (a pin, a stop); zoom has buttons, pinch, keys
      zoomSnap: 0.5,
      maxZoom: 19,
      renderer: L.svg({ padding: 0.5 }),
    });
    this.map.on("click", (event) => this.onMapClick(toPosition(event.latlng)));
    this.map.on("moveend", () => this.onCrosshairMoved());
    this.scale = L.control.scale({ imperial: false, position: "bottomleft" }).addTo(this.map);
    this.setTiles();
    this.features = L.layerGroup().addTo(this.map);
    this.ghosts = L.layerGroup().addTo(this.map);
    this.pinLayer = L.layerGroup().addTo(this.map);
  }

  setTiles() {
    const tiles = this.props.config?.tiles;
    if (this.tileLayer) this.tileLayer.remove();
    if (this.attribution) this.attribution.remove();
    this.tileLayer = null;
    this.attribution = null;
    if (tiles?.url) {
      this.attribution = L.control.attribution({ prefix: false }).addTo(this.map);
      this.tileLayer = L.tileLayer(tiles.url, {
        attribution: tiles.attribution ?? "",
        maxZoom: 19,
      }).addTo(this.map);
    }
  }

  fit() {
    const bounds = L.latLngBounds([]);
    for (const feature of this.plan.features) {
      for (const position of positionsOf(feature.geometry)) bounds.extend(toLatLng(position));
    }
    if (bounds.isValid()) this.map.fitBounds(bounds, { paddingTopLeft: [56, 28], paddingBottomRight: [140, 28], maxZoom: 17, animate: false });
    else this.map.setView([0, 0], 2, { animate: false });
  }

  // --- rendering --------------------------------------------------------------------------------

  render() {
    const focusKey = this.pendingFocus ?? document.activeElement?.dataset?.focus ?? null;
    const focusInside = this.pendingFocus !== null || this.root.contains(document.activeElement);
    this.pendingFocus = null;
    this.renderTexts();
    this.renderLayers();
    this.renderTools();
    this.renderNaming();
    this.renderList();
    if (focusInside && focusKey) this.root.querySelector(`[data-focus="${CSS.escape(focusKey)}"]`)?.focus();
  }

  renderTexts() {
    this.mapEl.setAttribute("aria-label", this.props.label ?? this.t("map_label"));
    this.crossEl.setAttribute("aria-label", this.t(`crosshair.label_${this.crosshair?.purpose ?? "pin"}`));
    this.crossEl.setAttribute("aria-roledescription", this.t("crosshair.role"));
    this.hint.textContent = this.t("crosshair.hint");
    const listLabel = { edit: "list_label_edit", compare: "list_label_compare" }[this.props.mode];
    this.listLabel.textContent = this.t(listLabel ?? "list_label");
    const zoomIn = this.t("zoom_in");
    if (this.zoom?.options.zoomInTitle === zoomIn) return; // recreated only for a new language
    this.zoom?.remove();
    this.zoom = L.control
      .zoom({ zoomInTitle: zoomIn, zoomOutTitle: this.t("zoom_out"), position: "topleft" })
      .addTo(this.map);
  }

  /** "edit" and "compare" (an alternative shown read-only) draw what changed from the option. */
  get showsChanges() {
    return this.props.mode === "edit" || this.props.mode === "compare";
  }

  name(feature) {
    return featureName(feature, this.props.lang) ?? this.t("unnamed", { id: String(feature.id) });
  }

  kindWord(feature) {
    const kind = feature.properties?.kind;
    const known = ["stop", "precinct", "light-rail", "bus", "route"];
    if (typeof kind === "string" && known.includes(kind)) return this.t(`kind.${kind}`);
    return this.t(`geometry.${feature.geometry.type}`);
  }

  /** How a feature of the edited plan differs from the option: "new", "moved" or null. */
  change(feature) {
    if (!this.showsChanges) return null;
    const before = featureById(this.original, feature.id);
    if (!before) return "new";
    return JSON.stringify(before.geometry) === JSON.stringify(feature.geometry) ? null : "moved";
  }

  renderLayers() {
    this.features.clearLayers();
    this.ghosts.clearLayers();
    const editing = this.props.mode === "edit";
    const paths = [];
    const stops = [];
    for (const feature of this.plan.features) {
      (isStop(feature) ? stops : paths).push(feature);
    }
    for (const feature of paths) this.drawPath(feature);
    if (this.showsChanges) this.drawGhosts();
    for (const feature of stops) this.drawStop(feature, editing);
    this.pinLayer.clearLayers();
    if (this.pin && this.props.mode === "view") {
      L.marker(toLatLng(this.pin), {
        icon: L.divIcon({ className: "map-pin", iconSize: [28, 28], iconAnchor: [14, 28] }),
        keyboard: false,
        interactive: false,
      }).addTo(this.pinLayer);
    }
  }

  // A line, an area, or a geometry of several parts (a route as a MultiLineString, an OSM
  // relation as a MultiPolygon, a GeometryCollection): every part drawn, one feature to click.
  drawPath(feature) {
    const selected = String(feature.id) === String(this.selected);
    const parts = simpleParts(feature.geometry);
    const group = L.featureGroup();
    for (const { type, coordinates } of parts) {
      const polygon = type === "Polygon";
      const options = {
        className: `map-feature-path${polygon ? " map-feature-path--area" : ""}${selected ? " is-selected" : ""}`,
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
        L.polyline(coordinates.map(toLatLng), options).addTo(group);
      }
    }
    group.on("click", (event) => this.onFeatureClick(feature.id, event));
    group.addTo(this.features);
    if (selected) group.bringToFront();
  }

  drawStop(feature, editing) {
    const selected = String(feature.id) === String(this.selected);
    const change = this.change(feature);
    const classes = ["map-stop", selected && "is-selected", change && `is-${change}`];
    const marker = L.marker(toLatLng(feature.geometry.coordinates), {
      icon: L.divIcon({ className: classes.filter(Boolean).join(" "), iconSize: [28, 28] }),
      draggable: editing,
      autoPan: true,
      keyboard: false,
      riseOnHover: true,
      zIndexOffset: selected ? 1000 : 0,
      bubblingMouseEvents: false,
    });
    const label = element("span", { text: this.name(feature) });
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
  }

  /** In edit mode: where moved and removed stops were in the option, drawn faint. */
  drawGhosts() {
    for (const before of this.original.features) {
      if (!isStop(before)) continue;
      const now = featureById(this.plan, before.id);
      if (now && JSON.stringify(now.geometry) === JSON.stringify(before.geometry)) continue;
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
      if (now) {
        L.polyline([was, toLatLng(now.geometry.coordinates)], {
          color: "#6b7280",
          weight: 2,
          dashArray: "4 4",
          interactive: false,
        }).addTo(this.ghosts);
      }
    }
  }

  renderTools() {
    const editing = this.props.mode === "edit";
    const buttons = [];
    if (this.crosshair) {
      buttons.push(
        element("button", {
          type: "button",
          className: "map-button map-button--primary",
          "data-focus": "tool:drop",
          text: this.t(`crosshair.drop_${this.crosshair.purpose}`),
          onClick: () => this.finishCrosshair(toPosition(this.map.getCenter())),
        }),
        element("button", {
          type: "button",
          className: "map-button",
          "data-focus": "tool:cancel",
          text: this.t("crosshair.cancel"),
          onClick: () => this.cancelCrosshair(),
        }),
      );
    } else if (editing) {
      buttons.push(
        element("button", {
          type: "button",
          className: "map-button",
          "data-focus": "tool:add",
          text: this.t("edit.add_stop"),
          onClick: () => this.startCrosshair("add", null, "tool:add"),
        }),
        element("button", {
          type: "button",
          className: "map-button",
          "data-focus": "tool:undo",
          "aria-disabled": this.history.canUndo ? null : "true",
          text: this.t("edit.undo"),
          onClick: () => this.undo(),
        }),
      );
    } else if (this.props.mode === "view") {
      buttons.push(
        element("button", {
          type: "button",
          className: "map-button",
          "data-focus": "tool:pin",
          text: this.t(this.pin ? "pin.move" : "pin.place"),
          onClick: () => this.startCrosshair("pin", null, "tool:pin"),
        }),
      );
      if (this.pin) {
        buttons.push(element("p", { className: "map-option__pin", text: this.t("pin.placed", { where: this.where(this.pin) }) }));
      }
    }
    this.tools.replaceChildren(...buttons);
    this.hint.hidden = !this.crosshair;
  }

  renderNaming() {
    this.namingEl.hidden = !this.naming;
    if (!this.naming) {
      this.namingEl.replaceChildren();
      return;
    }
    const inputId = `${this.uid}-stop-name`;
    const errorId = `${this.uid}-stop-name-error`;
    const input = element("input", {
      id: inputId,
      type: "text",
      className: "map-input",
      "data-focus": "naming:input",
      maxlength: String(NAME_MAX),
      autocomplete: "off",
      "aria-invalid": this.naming.error ? "true" : null,
      "aria-describedby": this.naming.error ? errorId : null,
    });
    input.value = this.naming.draft ?? "";
    input.addEventListener("input", () => {
      this.naming.draft = input.value;
    });
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      event.stopPropagation();
      this.cancelNaming();
    });
    const form = element(
      "form",
      {
        className: "map-option__naming-form",
        onSubmit: (event) => {
          event.preventDefault();
          this.confirmNaming(input.value);
        },
      },
      element("label", { for: inputId, text: this.t("edit.name_label") }),
      element("p", { className: "map-option__naming-where", text: this.where(this.naming.position) }),
      input,
      this.naming.error ? element("p", { className: "map-error", id: errorId, text: this.naming.error }) : null,
      element(
        "div",
        { className: "map-option__row" },
        element("button", { type: "submit", className: "map-button map-button--primary", "data-focus": "naming:add", text: this.t("edit.name_add") }),
        element("button", {
          type: "button",
          className: "map-button",
          "data-focus": "naming:cancel",
          text: this.t("edit.name_cancel"),
          onClick: () => this.cancelNaming(),
        }),
      ),
    );
    this.namingEl.replaceChildren(form);
  }

  /** A feature in the list: its name, its kind and, when it differs from the option, how. */
  describe(feature, change) {
    const parts = [
      element("span", { className: "map-feature__name", text: this.name(feature) }),
      " ",
      element("span", { className: "map-feature__kind", text: this.kindWord(feature) }),
    ];
    if (change) {
      const badge = this.t(`edit.badge_${change}`);
      parts.push(" ", element("span", { className: "map-feature__change", text: badge }));
    }
    return parts;
  }

  renderList() {
    const editing = this.props.mode === "edit";
    const items = this.plan.features.map((feature) => {
      const id = String(feature.id);
      const selected = id === String(this.selected);
      const change = this.change(feature);
      const button = element(
        "button",
        {
          type: "button",
          className: `map-feature map-feature--${feature.geometry.type.toLowerCase()}`,
          "aria-pressed": selected ? "true" : "false",
          "data-focus": `feature:${id}`,
          onClick: () => this.choose(id, { fromList: true }),
        },
        element("span", { className: "map-feature__swatch", "aria-hidden": "true" }),
        element("span", { className: "map-feature__text" }, ...this.describe(feature, change)),
      );
      const actions =
        editing && selected && isStop(feature) && !this.crosshair
          ? element(
              "div",
              { className: "map-feature__actions" },
              element("button", {
                type: "button",
                className: "map-button",
                "data-focus": `move:${id}`,
                text: this.t("edit.move_stop", { name: this.name(feature) }),
                onClick: () => this.startCrosshair("move", id, `move:${id}`),
              }),
              element("button", {
                type: "button",
                className: "map-button map-button--danger",
                "data-focus": `remove:${id}`,
                text: this.t("edit.remove_stop", { name: this.name(feature) }),
                onClick: () => this.remove(id),
              }),
            )
          : null;
      return element("li", { className: selected ? "is-selected" : null }, button, actions);
    });
    if (this.showsChanges) {
      for (const before of this.original.features) {
        if (featureById(this.plan, before.id)) continue;
        items.push(
          element("li", { className: "map-feature-removed" }, ...this.describe(before, "removed")),
        );
      }
    }
    this.list.replaceChildren(...items);
  }

  announce(message) {
    this.live.textContent = message;
  }

  /** "120 m north-east of Balmoral", "at Balmoral", plus "inside Balmoral shops" for areas. */
  where(position, plan = this.plan) {
    const found = describePosition(position, plan.features);
    if (!found.feature) return this.t("where.nowhere");
    const name = this.name(found.feature);
    let text =
      found.distanceM < AT_FEATURE_M
        ? this.t("where.at", { name })
        : this.t("where.near", {
            distance: formatDistance(found.distanceM, this.props.lang),
            direction: this.t(`direction.${found.direction}`),
            name,
          });
    const areas = found.inside.filter((area) => area !== found.feature);
    if (areas.length) text += ` ${this.t("where.inside", { name: this.name(areas[0]) })}`;
    return text;
  }

  // --- choosing features ----------------------------------------------------------------------

  choose(id, { fromList = false } = {}) {
    const next = id !== null && String(id) === String(this.selected) ? null : id;
    this.selected = next;
    if (fromList && next !== null) this.reveal(next);
    this.render();
    this.reportSelection(next);
  }

  reveal(id) {
    const feature = featureById(this.plan, id);
    if (!feature) return;
    const bounds = L.latLngBounds(positionsOf(feature.geometry).map(toLatLng));
    if (!this.map.getBounds().contains(bounds)) this.map.fitBounds(bounds, { maxZoom: this.map.getZoom(), padding: [28, 28] });
  }

  onFeatureClick(id, event) {
    if (this.crosshair) {
      this.onMapClick(toPosition(event.latlng));
      return;
    }
    this.choose(String(id));
  }

  onMapClick(position) {
    if (this.crosshair) {
      this.finishCrosshair(position);
    } else if (this.props.mode === "view") {
      this.dropPin(position);
    } else if (this.selected !== null) {
      this.choose(null);
    }
  }

  // --- the crosshair ----------------------------------------------------------------------------

  startCrosshair(purpose, featureId, returnFocus) {
    this.naming = null;
    this.crosshair = { purpose, featureId, returnFocus };
    if (purpose === "move") {
      const feature = featureById(this.plan, featureId);
      this.map.setView(toLatLng(feature.geometry.coordinates), this.map.getZoom(), { animate: false });
    } else if (purpose === "pin" && this.pin) {
      this.map.setView(toLatLng(this.pin), this.map.getZoom(), { animate: false });
    }
    this.crossEl.hidden = false;
    this.root.classList.add("is-crosshair");
    this.render();
    this.crossEl.focus({ preventScroll: true });
    this.announceCrosshair();
  }

  onCrosshairKey(event) {
    const step = event.shiftKey ? BIG_STEP_PX : STEP_PX;
    const moves = {
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
    };
    if (moves[event.key]) {
      event.preventDefault();
      this.map.panBy(moves[event.key], { animate: false });
    } else if (event.key === "+" || event.key === "=") {
      event.preventDefault();
      this.map.zoomIn(1, { animate: false });
    } else if (event.key === "-" || event.key === "_") {
      event.preventDefault();
      this.map.zoomOut(1, { animate: false });
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.finishCrosshair(toPosition(this.map.getCenter()));
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      this.cancelCrosshair();
    }
  }

  onCrosshairMoved() {
    if (!this.crosshair) return;
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => this.announceCrosshair(), 150);
  }

  announceCrosshair() {
    if (!this.crosshair) return;
    this.announce(this.t("crosshair.position", { where: this.where(toPosition(this.map.getCenter())) }));
  }

  endCrosshair() {
    const ended = this.crosshair;
    clearTimeout(this.announceTimer);
    this.crosshair = null;
    this.crossEl.hidden = true;
    this.root.classList.remove("is-crosshair");
    return ended;
  }

  cancelCrosshair() {
    const ended = this.endCrosshair();
    this.pendingFocus = ended?.returnFocus ?? null;
    this.announce(this.t("crosshair.cancelled"));
    this.render();
  }

  finishCrosshair(position) {
    const ended = this.endCrosshair();
    if (ended.purpose === "pin") {
      this.pendingFocus = "tool:pin";
      this.dropPin(position);
    } else if (ended.purpose === "move") {
      this.pendingFocus = `move:${ended.featureId}`;
      this.moveTo(ended.featureId, position);
    } else {
      this.naming = { position, error: null, draft: "" };
      this.pendingFocus = "naming:input";
      this.announce(this.t("edit.name_prompt", { where: this.where(position) }));
      this.render();
    }
  }

  // --- pins ---------------------------------------------------------------------------------------

  dropPin(position) {
    this.pin = position.map((n) => Math.round(n * 1e7) / 1e7);
    this.announce(this.t("pin.dropped", { where: this.where(this.pin) }));
    this.render();
    this.props.onPin([...this.pin]);
  }

  // --- editing ------------------------------------------------------------------------------------

  change_(description, plan) {
    this.history.push(this.plan, description);
    this.plan = plan;
    this.announce(description);
    this.render();
    this.report();
  }

  moveTo(id, position) {
    const feature = featureById(this.plan, id);
    if (!isStop(feature)) return;
    const from = feature.geometry.coordinates;
    const metres = distanceM(from, position);
    if (metres < 0.5) {
      this.render();
      return;
    }
    const description = this.t("edit.moved", {
      name: this.name(feature),
      distance: formatDistance(metres, this.props.lang),
      direction: this.t(`direction.${compassPoint(from, position)}`),
    });
    this.change_(description, moveStop(this.plan, id, position));
  }

  remove(id) {
    const feature = featureById(this.plan, id);
    if (!feature) return;
    const index = this.plan.features.indexOf(feature);
    const next = removeFeature(this.plan, id);
    const neighbour = next.features[Math.min(index, next.features.length - 1)];
    this.selected = null;
    this.pendingFocus = neighbour ? `feature:${neighbour.id}` : "tool:add";
    this.reportSelection(null);
    this.change_(this.t("edit.removed", { name: this.name(feature) }), next);
  }

  confirmNaming(value) {
    const name = value.trim();
    if (!name) {
      this.naming = { ...this.naming, draft: value, error: this.t("edit.name_missing") };
      this.pendingFocus = "naming:input";
      this.render();
      return;
    }
    const { position } = this.naming;
    const where = this.where(position);
    const { plan, id } = addStop(this.plan, position, name.slice(0, NAME_MAX));
    this.naming = null;
    this.selected = id;
    this.pendingFocus = `feature:${id}`;
    this.reportSelection(id);
    this.change_(this.t("edit.added", { name, where }), plan);
  }

  cancelNaming() {
    this.naming = null;
    this.pendingFocus = "tool:add";
    this.announce(this.t("crosshair.cancelled"));
    this.render();
  }

  undo() {
    const entry = this.history.pop();
    if (!entry) return;
    this.plan = entry.plan;
    if (this.selected !== null && !featureById(this.plan, this.selected)) {
      this.selected = null;
      this.reportSelection(null);
    }
    this.pendingFocus = "tool:undo";
    this.announce(this.t("edit.undone", { change: entry.description }));
    this.render();
    this.report();
  }

  onRootKey(event) {
    const undoKey = (event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "z";
    if (!undoKey || this.props.mode !== "edit") return;
    if (event.target.closest("input, textarea")) return;
    event.preventDefault();
    this.undo();
  }

  // --- the outside world ------------------------------------------------------------------------

  update(partial) {
    const before = this.props;
    const changed = Object.keys(partial).filter((key) => partial[key] !== before[key]);
    if (changed.includes("selected") && partial.selected === this.reportedSelection) {
      changed.splice(changed.indexOf("selected"), 1); // our own report coming back
    }
    // The page re-renders often and passes the same props: redrawing then would break a drag.
    const planIsNew = changed.includes("plan") && partial.plan && partial.plan !== this.reported;
    if (!changed.some((key) => key !== "plan") && !planIsNew) return;
    this.props = { ...before, ...partial };
    if (changed.includes("option")) {
      this.original = this.props.option.plan;
      this.plan = clonePlan(this.props.plan ?? this.original);
      this.history.clear();
    } else if (planIsNew) {
      this.plan = clonePlan(partial.plan);
      this.history.clear();
    }
    if (changed.includes("selected")) this.selected = partial.selected ?? null;
    if (changed.includes("pin")) this.pin = partial.pin ?? null;
    const modeChanged = changed.includes("mode");
    if (modeChanged) {
      if (this.crosshair) this.endCrosshair();
      this.naming = null;
      this.announce("");
    }
    if (changed.includes("config")) this.setTiles();
    this.render();
    if (modeChanged || changed.includes("option")) this.fit();
  }

  destroy() {
    clearTimeout(this.announceTimer);
    this.map.remove();
    this.root.remove();
  }
}


