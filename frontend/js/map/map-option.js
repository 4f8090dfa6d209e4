// The map option: features drawn with Leaflet (on a plain background unless config.tiles is set),
// a list of the features beside the map (the keyboard and screen-reader path), pins placed by a tap
// or by a keyboard crosshair, and, in edit mode, an alternative plan: move, add and remove stops,
// re-route lines. Resident text (stop names) is only ever inserted as text. Its strings are the
// "map" object of frontend/i18n/<lang>.json; it loads Leaflet's CSS and css/map.css itself.
//
// This module is the wiring: the component's state, its skeleton, the tools, choosing features
// and the props from the page. Each job is a module whose methods it takes in:
//   layers.js        drawing the features, the changes (ghosts) and the pin
//   feature-list.js  the list of features beside the map, with each one's actions
//   crosshair.js     the keyboard crosshair (pin, new stop, moved stop) and pins
//   edit.js          stop edits, the new stop's name, undo and redo
//   route-edit.js    re-routing a line: vertex handles (pointer, touch) and the route editor (keys)
//   plan-edit.js     the edits themselves, pure (plan in, new plan out), and the History
//   geo.js           distances and directions, pure
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
import { describePosition, formatDistance, positionsOf } from "./geo.js";
import { History, clonePlan, featureById } from "./plan-edit.js";
import { element, toLatLng, toPosition } from "./dom.js";
import { GHOST_PANE, layerMethods } from "./layers.js";
import { featureListMethods } from "./feature-list.js";
import { crosshairMethods } from "./crosshair.js";
import { editMethods } from "./edit.js";
import { routeEditMethods } from "./route-edit.js";

const AT_FEATURE_M = 10; // closer than this, a position is "at" the feature

let instances = 0;

export function mountMapOption(container, props) {
  const view = new MapOption(container, props);
  return { update: (partial) => view.update(partial), destroy: () => view.destroy() };
}

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
    this.route = null; // the line being re-routed: { id, part, vertex, keys } (route-edit.js)
    this.routePolylines = []; // its drawn parts, redrawn live while a handle is dragged
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
    this.routeEl = element("div", {
      className: "map-option__route-keys",
      tabindex: "-1",
      role: "application",
      "data-focus": "route:keys",
      "aria-describedby": `${id}-hint`,
      hidden: true,
      onKeydown: (event) => this.onRouteKey(event),
    });
    this.stage = element("div", { className: "map-option__stage" }, this.mapEl, this.crossEl, this.routeEl);
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
    this.map.createPane(GHOST_PANE).style.zIndex = "350";
    this.features = L.layerGroup().addTo(this.map);
    this.ghosts = L.layerGroup().addTo(this.map);
    this.handles = L.layerGroup().addTo(this.map); // a re-routed line's vertex handles
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
    this.syncRoute();
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
    const routeFeature = this.route?.keys ? this.routeFeature() : null;
    if (routeFeature) {
      this.routeEl.setAttribute("aria-label", this.t("route.label", { name: this.name(routeFeature) }));
      this.routeEl.setAttribute("aria-roledescription", this.t("route.role"));
    }
    this.hint.textContent = this.t(routeFeature ? "route.hint" : "crosshair.hint");
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
        this.route?.keys
          ? element("button", {
              type: "button",
              className: "map-button map-button--primary",
              "data-focus": "tool:route-done",
              text: this.t("route.done_button"),
              onClick: () => this.finishRouteKeys(),
            })
          : element("button", {
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
        element("button", {
          type: "button",
          className: "map-button",
          "data-focus": "tool:redo",
          "aria-disabled": this.history.canRedo ? null : "true",
          text: this.t("edit.redo"),
          onClick: () => this.redo(),
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
    this.hint.hidden = !this.crosshair && !this.route?.keys;
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

  /** Ctrl+Z (⌘Z) undoes, Ctrl+Shift+Z or Ctrl+Y redoes, anywhere in the map but a text field. */
  onRootKey(event) {
    if (!(event.ctrlKey || event.metaKey) || this.props.mode !== "edit") return;
    const key = event.key.toLowerCase();
    const undo = key === "z" && !event.shiftKey;
    const redo = (key === "z" && event.shiftKey) || key === "y";
    if (!(undo || redo) || event.target.closest("input, textarea")) return;
    event.preventDefault();
    if (undo) this.undo();
    else this.redo();
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
      if (this.route?.keys) this.endRouteKeys();
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

// Each job's methods (see the top of this file): they share the component's state.
Object.assign(MapOption.prototype, layerMethods, featureListMethods, crosshairMethods, editMethods, routeEditMethods);
