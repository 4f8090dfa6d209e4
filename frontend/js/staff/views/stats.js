// Participation: the statistics as bar charts (SVG, hidden from screen readers) each followed by
// the same numbers as a table, which is the text equivalent (and what prints).

import { html, render, svg } from "../../../vendor/lit-html/lit-html.js";
import { formatNumber } from "../../i18n.js";
import { staff } from "../client.js";
import { can } from "../session.js";
import { ADMIN, ANALYST, plain, problemList, tabs } from "../ui.js";
import {
  STATISTICS_KINDS as KINDS,
  STATISTICS_STANCES as STANCES,
  STATISTICS_STATES as STATES,
} from "../../../generated/values.js";

function barChart(rows, id) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowHeight = 28;
  const labelWidth = 170;
  const width = 400;
  return html`<svg class="bar-chart" viewBox=${`0 0 ${width} ${rows.length * rowHeight + 8}`} aria-hidden="true" focusable="false" data-chart=${id}>
    ${rows.map((r, i) => {
      const w = ((width - labelWidth - 60) * r.value) / max;
      return svg`<g transform=${`translate(0 ${i * rowHeight + 4})`}>
        <text x=${labelWidth - 8} y="18" text-anchor="end" class="bar-label">${r.label}</text>
        <rect x=${labelWidth} y="4" width=${Math.max(w, r.value ? 2 : 0)} height="18" class="bar"></rect>
        <text x=${labelWidth + w + 6} y="18" class="bar-value">${formatNumber(r.value)}</text>
      </g>`;
    })}
  </svg>`;
}

// Submissions per day as columns, oldest on the left; the first and last days are labelled
// (the table below names every day).
function dayChart(days) {
  const max = Math.max(1, ...days.map((d) => d.submissions));
  const width = 600;
  const height = 160;
  const step = (width - 40) / Math.max(days.length, 1);
  const bar = Math.max(1, Math.min(24, step - 2));
  return html`<svg class="bar-chart day-chart" viewBox=${`0 0 ${width} ${height + 40}`} aria-hidden="true" focusable="false" data-chart="by-day">
    <text x="36" y="14" text-anchor="end" class="bar-value">${formatNumber(max)}</text>
    <line x1="40" y1=${height + 4} x2=${width} y2=${height + 4} class="axis"></line>
    ${days.map((d, i) => {
      const h = ((height - 20) * d.submissions) / max;
      return svg`<rect x=${40 + i * step + (step - bar) / 2} y=${height + 4 - h} width=${bar} height=${h} class="bar"></rect>`;
    })}
    ${days.length
      ? svg`<text x="40" y=${height + 28} class="bar-label">${days[0].date}</text>
          <text x=${width} y=${height + 28} text-anchor="end" class="bar-label">${days[days.length - 1].date}</text>`
      : ""}
  </svg>`;
}

function daysFigure(days, t) {
  return html`<section class="card" aria-labelledby="by-day-title">
    <h2 id="by-day-title">${t("staff.stats.by_day")}</h2>
    <p>${t("staff.stats.by_day_note")}</p>
    ${days.length
      ? html`${dayChart(days)}
          <table class="data-table" data-table="by-day">
            <caption>${t("staff.stats.table_of", { title: t("staff.stats.by_day") })}</caption>
            <thead><tr><th scope="col">${t("staff.stats.day")}</th><th scope="col" class="num">${t("staff.stats.count")}</th></tr></thead>
            <tbody>${days.map((d) => html`<tr><th scope="row">${d.date}</th><td class="num">${formatNumber(d.submissions)}</td></tr>`)}</tbody>
          </table>`
      : html`<p>${t("staff.stats.no_days")}</p>`}
  </section>`;
}

function figure(id, title, rows, t) {
  return html`<section class="chart card" aria-labelledby=${`${id}-title`}>
    <h2 id=${`${id}-title`}>${title}</h2>
    ${barChart(rows, id)}
    <table class="data-table" data-table=${id}>
      <caption>${t("staff.stats.table_of", { title })}</caption>
      <thead><tr><th scope="col">${t("staff.stats.category")}</th><th scope="col" class="num">${t("staff.stats.count")}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr><th scope="row">${r.label}</th><td class="num">${formatNumber(r.value)}</td></tr>`)}</tbody>
    </table>
  </section>`;
}

export async function statsView(ctx, cid) {
  const { t, main } = ctx;
  const path = `/staff/consultations/${encodeURIComponent(cid)}`;
  if (!can(ADMIN, ANALYST)) {
    render(html`${tabs(cid, "stats", can)}<h1>${t("staff.stats.title")}</h1><p role="alert">${t("staff.errors.forbidden")}</p>`, main);
    return;
  }
  let stats = null;
  let options = [];
  let error = null;
  try {
    [stats, { items: options }] = await Promise.all([staff("GET", `${path}/stats`), staff("GET", `${path}/options`)]);
  } catch (caught) {
    error = caught;
  }
  const titles = new Map(options.map((o) => [o.id, plain(o.title)]));
  const optionName = (id) => (titles.get(id) ? `${titles.get(id)} (${id})` : id);
  render(
    html`${tabs(cid, "stats", can)}
      <h1>${t("staff.stats.title")}</h1>
      ${problemList(error)}
      ${stats
        ? html`<p>${t("staff.stats.published_total", { n: formatNumber(stats.published) })}</p>
            <div class="charts">
              ${figure("by-state", t("staff.stats.by_state"), STATES.map((s) => ({ label: t(`staff.states.${s}`), value: stats.by_state[s] })), t)}
              ${figure("by-kind", t("staff.stats.by_kind"), KINDS.map((k) => ({ label: t(`staff.kinds.${k}`), value: stats.by_kind[k] })), t)}
              ${figure("by-stance", t("staff.stats.by_stance"), STANCES.map((s) => ({ label: t(`staff.stances.${s}`), value: stats.by_stance[s] })), t)}
            </div>
            ${daysFigure(stats.by_day || [], t)}
            <section class="card" aria-labelledby="per-option-title">
              <h2 id="per-option-title">${t("staff.stats.per_option")}</h2>
              ${barChart(Object.entries(stats.by_option).map(([id, o]) => ({ label: id, value: o.published })), "per-option")}
              <table class="data-table" data-table="per-option">
                <caption>${t("staff.stats.per_option_caption")}</caption>
                <thead><tr>
                  <th scope="col">${t("staff.stats.option")}</th>
                  <th scope="col" class="num">${t("staff.states.published")}</th>
                  ${STANCES.map((s) => html`<th scope="col" class="num">${t(`staff.stances.${s}`)}</th>`)}
                  <th scope="col" class="num">${t("staff.states.pending")}</th>
                  <th scope="col" class="num">${t("staff.states.hidden")}</th>
                </tr></thead>
                <tbody>
                  ${Object.entries(stats.by_option).map(
                    ([id, o]) => html`<tr>
                      <th scope="row">${optionName(id)}</th>
                      <td class="num">${formatNumber(o.published)}</td>
                      ${STANCES.map((s) => html`<td class="num">${formatNumber(o.by_stance[s])}</td>`)}
                      <td class="num">${formatNumber(o.by_state.pending)}</td>
                      <td class="num">${formatNumber(o.by_state.hidden)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </section>`
        : ""}`,
    main,
  );
}
