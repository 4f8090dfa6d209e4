// Editing an alternative: move, add (named in a small form) and remove stops, and the undo and
// redo every change goes through (lines are re-routed by route-edit.js, through the same
// history). Methods of MapOption (map-option.js); each change reports the whole edited plan.

import { compassPoint, distanceM, formatDistance } from "./geo.js";
import { element } from "./dom.js";
import { addStop, featureById, isStop, moveStop, removeFeature } from "./plan-edit.js";

export const NAME_MAX = 100;

export const editMethods = {
  /** A change of the alternative: kept for undo, announced, drawn and reported. */
  change_(description, plan) {
    this.history.push(this.plan, description);
    this.plan = plan;
    this.announce(description);
    this.render();
    this.report();
  },

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
  },

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
  },

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
  },

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
  },

  cancelNaming() {
    this.naming = null;
    this.pendingFocus = "tool:add";
    this.announce(this.t("crosshair.cancelled"));
    this.render();
  },

  undo() {
    this.travel(this.history.undo(this.plan), "undone", "tool:undo");
  },

  redo() {
    this.travel(this.history.redo(this.plan), "redone", "tool:redo");
  },

  /** Back to a plan of the history (undo or redo); the focus stays in the route editor when
   * the keys were pressed there, else goes to the button. */
  travel(entry, word, button) {
    if (!entry) return;
    this.plan = entry.plan;
    if (this.selected !== null && !featureById(this.plan, this.selected)) {
      this.selected = null;
      this.reportSelection(null);
    }
    this.pendingFocus = this.route?.keys ? "route:keys" : button;
    this.announce(this.t(`edit.${word}`, { change: entry.description }));
    this.render();
    this.report();
  },
};
