// The keyboard crosshair: a fixed cross at the map's centre, the map panned beneath it by the
// arrow keys, to place a pin, a new stop or a moved stop without a pointer; where it is is
// announced (nearest stop, distance, direction). Methods of MapOption (map-option.js).

import { toLatLng, toPosition } from "./dom.js";
import { featureById } from "./plan-edit.js";

export const STEP_PX = 10; // an arrow key's step, in screen pixels; with Shift: BIG_STEP_PX
export const BIG_STEP_PX = 80;

/** The pixel offset an arrow key stands for ([dx, dy]), or null for another key. */
export function arrowStep(event) {
  const step = event.shiftKey ? BIG_STEP_PX : STEP_PX;
  const moves = {
    ArrowUp: [0, -step],
    ArrowDown: [0, step],
    ArrowLeft: [-step, 0],
    ArrowRight: [step, 0],
  };
  return moves[event.key] ?? null;
}

/** + and − zoom the map (the keys the crosshair and the route editor share); true if handled. */
export function zoomKey(map, event) {
  if (event.key === "+" || event.key === "=") map.zoomIn(1, { animate: false });
  else if (event.key === "-" || event.key === "_") map.zoomOut(1, { animate: false });
  else return false;
  event.preventDefault();
  return true;
}

export const crosshairMethods = {
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
  },

  onCrosshairKey(event) {
    const move = arrowStep(event);
    if (move) {
      event.preventDefault();
      this.map.panBy(move, { animate: false });
    } else if (zoomKey(this.map, event)) {
      // zoomed
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.finishCrosshair(toPosition(this.map.getCenter()));
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      this.cancelCrosshair();
    }
  },

  onCrosshairMoved() {
    if (!this.crosshair) return;
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => this.announceCrosshair(), 150);
  },

  announceCrosshair() {
    if (!this.crosshair) return;
    this.announce(this.t("crosshair.position", { where: this.where(toPosition(this.map.getCenter())) }));
  },

  endCrosshair() {
    const ended = this.crosshair;
    clearTimeout(this.announceTimer);
    this.crosshair = null;
    this.crossEl.hidden = true;
    this.root.classList.remove("is-crosshair");
    return ended;
  },

  cancelCrosshair() {
    const ended = this.endCrosshair();
    this.pendingFocus = ended?.returnFocus ?? null;
    this.announce(this.t("crosshair.cancelled"));
    this.render();
  },

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
  },

  dropPin(position) {
    this.pin = position.map((n) => Math.round(n * 1e7) / 1e7);
    this.announce(this.t("pin.dropped", { where: this.where(this.pin) }));
    this.render();
    this.props.onPin([...this.pin]);
  },
};
