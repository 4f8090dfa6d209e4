// An option's plan drawn as residents see it: a section with the pages' section renderer
// (frontend/js/section/, with the segment catalogue), a map with the pages' map module. When the
// section renderer is not there, the segments are listed with their widths.

import { html, render } from "../../vendor/lit-html/lit-html.js";
import { formatMetres, lang, t } from "../i18n.js";
import { mountMapOption } from "../map/map-option.js";

let sectionUi = null;
let catalogue = null;

async function sectionRenderer() {
  if (sectionUi === null) {
    try {
      sectionUi = await import("../section/section-ui.js");
      const response = await fetch(new URL("../../generated/catalogue.json", import.meta.url));
      catalogue = await response.json();
      catalogue.byName = new Map(catalogue.types.map((type) => [type.name, type]));
    } catch {
      sectionUi = false;
    }
  }
  return sectionUi;
}

function segmentTable(plan) {
  return html`<table class="data-table">
    <caption>${t("staff.preview.segments", { width: formatMetres(plan.width), count: plan.segments.length })}</caption>
    <thead><tr><th scope="col">#</th><th scope="col">${t("staff.preview.segment")}</th><th scope="col">${t("staff.preview.variant")}</th><th scope="col" class="num">${t("staff.preview.width")}</th></tr></thead>
    <tbody>${plan.segments.map(
      (s, i) => html`<tr><td>${i + 1}</td><th scope="row">${s.type}</th><td>${s.variantString}</td><td class="num">${formatMetres(s.width)}</td></tr>`,
    )}</tbody>
  </table>`;
}

/** How the API read the document (`import_report` of a dry run or save): what it was read as,
 * where the features' ids came from, and every warning (one per kind, with count and places).
 * Empty when the answer has no report (a street section). Text only: nothing is set as HTML. */
export function importReport(option) {
  const report = option?.import_report;
  if (!report) return html``;
  return html`<div class="notice" id="import-report" role="status">
    <p>${t("staff.preview.read_as", { what: report.read_as })}</p>
    <p>${t("staff.preview.ids_from", { source: report.ids_from })}</p>
    ${report.warnings.length
      ? html`<p>${t("staff.preview.warnings")}</p>
          <ul>${report.warnings.map((w) => html`<li>${w.message}</li>`)}</ul>`
      : ""}
  </div>`;
}

/** Draws `option` (as the API answers it) into `container`; returns a function that removes it.
 * `focus`: the element to highlight (`selected`, a segment or feature id) and a submission's
 * `point` (metres across a section, or [lon, lat] on a map); `listId` names the segment list. */
export async function drawOption(container, option, config, focus = {}) {
  const { selected = null, point = null, listId = "preview-segments" } = focus;
  if (option.kind === "map") {
    const pin = Array.isArray(point) ? point : null;
    const view = mountMapOption(container, { option, t, lang, config, mode: "view", selected, pin, onSelect: () => {}, onPin: () => {}, onPlanChange: () => {} });
    return () => view.destroy();
  }
  const ui = await sectionRenderer();
  if (ui) {
    const offset = typeof point === "number" ? point : null;
    render(
      html`${ui.sectionDrawing({ plan: option.plan, catalogue, selectedId: selected, mode: "view", point: offset, onPointerDown: () => {} })}
        ${ui.segmentList({ plan: option.plan, catalogue, selectedId: selected, mode: "view", onKey: () => {}, onChoose: () => {}, listId })}
        <p class="credit">${t("shell.illustrations")}</p>`,
      container,
    );
  } else {
    render(segmentTable(option.plan), container);
  }
  return () => render(html``, container);
}
