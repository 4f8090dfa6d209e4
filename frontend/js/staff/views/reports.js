// Reports: the published runs with their files, sizes and download links; "Build now" (201: the
// run is there; 202: it runs elsewhere, so the list is polled until a new run shows).
// report.html also opens in the page: its presigned link in a frame with sandbox="" (no
// scripts, forms or navigation of this page); the pages' CSP frame-src allows the reports
// bucket's origin only (chalicelib/web_headers.py). The link expires: reopen after a reload.

import { html, render } from "../../../vendor/lit-html/lit-html.js";
import { formatDate } from "../../i18n.js";
import { staff } from "../client.js";
import { can } from "../session.js";
import { ADMIN, ANALYST, bytes, problemList, tabs } from "../ui.js";

const POLL_MS = 3000;
const POLL_TRIES = 40;

export async function reportsView(ctx, cid) {
  const { t, main, announce } = ctx;
  const path = `/staff/consultations/${encodeURIComponent(cid)}/reports`;
  if (!can(ADMIN, ANALYST)) {
    render(html`${tabs(cid, "reports", can)}<h1>${t("staff.reports.title")}</h1><p role="alert">${t("staff.errors.forbidden")}</p>`, main);
    return;
  }
  let runs = [];
  let error = null;
  let building = false;
  let stopped = false;
  let timer = null;
  let shown = null; // the run whose report.html is open in the page
  ctx.onCleanup(() => {
    stopped = true;
    clearTimeout(timer);
  });

  async function load() {
    try {
      runs = (await staff("GET", path, { query: { limit: 10 } })).items;
      error = null;
    } catch (caught) {
      error = caught;
    }
  }

  async function build() {
    building = true;
    draw();
    announce(t("staff.reports.building"));
    const before = runs[0]?.run_id || null;
    try {
      await staff("POST", path);
      for (let i = 0; i < POLL_TRIES && !stopped; i++) {
        await load();
        if (runs[0] && runs[0].run_id !== before) break;
        await new Promise((resolve) => (timer = setTimeout(resolve, POLL_MS)));
      }
      announce(t("staff.reports.built", { run: runs[0]?.run_id || "" }));
    } catch (caught) {
      error = caught;
    }
    building = false;
    draw();
  }

  function toggleReport(run) {
    shown = shown === run.run_id ? null : run.run_id;
    draw();
    if (shown) main.querySelector(`#report-frame-${run.run_id} h3`)?.focus();
  }

  function reportFrame(run) {
    const file = run.files.find((f) => f.name === "report.html");
    if (!file || shown !== run.run_id) return "";
    return html`<section class="report-frame" id=${`report-frame-${run.run_id}`} aria-labelledby=${`report-title-${run.run_id}`}>
      <h3 id=${`report-title-${run.run_id}`} tabindex="-1">${t("staff.reports.in_page_title", { run: run.run_id })}</h3>
      <iframe sandbox="" src=${file.url} title=${t("staff.reports.in_page_title", { run: run.run_id })} referrerpolicy="no-referrer"></iframe>
    </section>`;
  }

  function runView(run) {
    const hasHtml = run.files.some((f) => f.name === "report.html");
    return html`<section class="card" aria-labelledby=${`run-${run.run_id}`} data-run=${run.run_id}>
      <h2 id=${`run-${run.run_id}`}>${t("staff.reports.run", { when: formatDate(run.generated_at, { dateStyle: "medium", timeStyle: "short" }) })} <code>${run.run_id}</code></h2>
      <p>${t("staff.reports.counts", { published: run.counts.published, comments: run.counts.comments, alternatives: run.counts.alternatives, campaigns: run.counts.campaigns })}</p>
      <table class="data-table">
        <caption class="visually-hidden">${t("staff.reports.files")}</caption>
        <thead><tr><th scope="col">${t("staff.reports.file")}</th><th scope="col" class="num">${t("staff.reports.size")}</th><th scope="col">${t("staff.reports.download")}</th></tr></thead>
        <tbody>
          ${run.files.map(
            (f) => html`<tr>
              <th scope="row"><code>${f.name}</code></th>
              <td class="num">${bytes(f.size)}</td>
              <td><a href=${f.url} download=${f.name} rel="noopener" data-file=${f.name}>${t("staff.reports.download_file", { name: f.name })}</a></td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${hasHtml
        ? html`<p><button type="button" class="button button--secondary" data-action="show-report" aria-expanded=${shown === run.run_id ? "true" : "false"}
            @click=${() => toggleReport(run)}>${shown === run.run_id ? t("staff.reports.in_page_close") : t("staff.reports.in_page_open")}</button></p>`
        : ""}
      ${reportFrame(run)}
    </section>`;
  }

  function draw() {
    render(
      html`${tabs(cid, "reports", can)}
        <h1>${t("staff.reports.title")}</h1>
        <p>${t("staff.reports.intro")}</p>
        <p><button type="button" class="button" data-action="build" ?disabled=${building} @click=${build}>${building ? t("staff.reports.building") : t("staff.reports.build")}</button></p>
        <p class="visually-hidden" aria-live="polite">${building ? t("staff.reports.building") : ""}</p>
        ${problemList(error)}
        ${runs.length ? runs.map(runView) : html`<p>${t("staff.reports.none")}</p>`}`,
      main,
    );
  }
  await load();
  draw();
}
