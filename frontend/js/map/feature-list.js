// The list of the features beside the map: the keyboard and screen-reader path to every
// feature (choose one; in edit mode, move or remove a stop, re-route a line), with the changes
// of an alternative marked. Methods of MapOption (map-option.js).

import { element } from "./dom.js";
import { featureById, featureName, isLine, isStop } from "./plan-edit.js";

const KINDS = ["stop", "precinct", "light-rail", "bus", "route"];

export const featureListMethods = {
  name(feature) {
    return featureName(feature, this.props.lang) ?? this.t("unnamed", { id: String(feature.id) });
  },

  kindWord(feature) {
    const kind = feature.properties?.kind;
    if (typeof kind === "string" && KINDS.includes(kind)) return this.t(`kind.${kind}`);
    return this.t(`geometry.${feature.geometry.type}`);
  },

  /** How a feature of the edited plan differs from the option: "new", "moved" (a stop or an
   * area), "rerouted" (a line) or null. */
  change(feature) {
    if (!this.showsChanges) return null;
    const before = featureById(this.original, feature.id);
    if (!before) return "new";
    if (JSON.stringify(before.geometry) === JSON.stringify(feature.geometry)) return null;
    return isLine(feature) ? "rerouted" : "moved";
  },

  /** In view mode, once the outcome is published: "Answered: Adopted" when the agency's
   * responses link to this feature (props.answered: the option's answered_elements), or null. */
  answeredWords(feature) {
    if (this.props.mode !== "view") return null;
    const found = (this.props.answered || []).find((a) => a.element_id === String(feature.id));
    if (!found) return null;
    const t = this.props.t;
    const statuses = found.answered_by.map((r) => t(`responses.status.${r.status}`)).join(", ");
    return `${t("responses.answered_label")} ${statuses}`;
  },

  /** A feature in the list: its name, its kind and, when it differs from the option, how;
   * marked (a sign and words, not colour alone) when the agency answered it. */
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
    const answered = this.answeredWords(feature);
    if (answered) {
      parts.push(
        " ",
        element(
          "span",
          { className: "map-feature__answered" },
          element("span", { "aria-hidden": "true", text: "✓ " }),
          answered,
        ),
      );
    }
    return parts;
  },

  renderList() {
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
      return element("li", { className: selected ? "is-selected" : null }, button, this.featureActions(feature, selected));
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
  },

  /** In edit mode, under the chosen feature: what can be done with it. */
  featureActions(feature, selected) {
    if (this.props.mode !== "edit" || !selected || this.crosshair) return null;
    const id = String(feature.id);
    if (isLine(feature)) return this.routeActions(feature);
    if (!isStop(feature)) return null;
    return element(
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
    );
  },
};
