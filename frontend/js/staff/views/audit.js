// The audit log of one consultation, newest first, paged (admins only).

import { html, render } from "../../../vendor/lit-html/lit-html.js";
import { formatDate } from "../../i18n.js";
import { staff } from "../client.js";
import { can } from "../session.js";
import { ADMIN, problemList, tabs } from "../ui.js";

const PAGE = 25;

function shown(value) {
  if (value === null || value === undefined) return "—";
  const textValue = typeof value === "string" ? value : JSON.stringify(value);
  return textValue.length > 160 ? `${textValue.slice(0, 160)}…` : textValue;
}

export async function auditView(ctx, cid) {
  const { t, main } = ctx;
  if (!can(ADMIN)) {
    render(html`${tabs(cid, "audit", can)}<h1>${t("staff.audit.title")}</h1><p role="alert">${t("staff.errors.forbidden")}</p>`, main);
    return;
  }
  let items = [];
  let cursors = [null]; // cursors[i]: the cursor of page i
  let page = 0;
  let next = null;
  let error = null;

  async function load(index) {
    try {
      const answer = await staff("GET", "/staff/audit", { query: { cid, limit: PAGE, cursor: cursors[index] } });
      items = answer.items;
      next = answer.next_cursor;
      page = index;
      if (next) cursors[index + 1] = next;
      error = null;
    } catch (caught) {
      error = caught;
    }
    draw();
  }

  function draw() {
    render(
      html`${tabs(cid, "audit", can)}
        <h1>${t("staff.audit.title")}</h1>
        ${problemList(error)}
        ${items.length
          ? html`<table class="data-table audit">
              <caption>${t("staff.audit.caption", { page: page + 1 })}</caption>
              <thead><tr>
                <th scope="col">${t("staff.audit.when")}</th><th scope="col">${t("staff.audit.who")}</th>
                <th scope="col">${t("staff.audit.action")}</th><th scope="col">${t("staff.audit.target")}</th>
                <th scope="col">${t("staff.audit.after")}</th>
              </tr></thead>
              <tbody>${items.map(
                (e) => html`<tr>
                  <td>${formatDate(e.at, { dateStyle: "medium", timeStyle: "medium" })}</td>
                  <td>${e.email || e.subject}</td>
                  <th scope="row"><code>${e.action}</code></th>
                  <td><code>${e.target}</code></td>
                  <td><code class="wrap">${shown(e.after)}</code></td>
                </tr>`,
              )}</tbody>
            </table>`
          : html`<p>${t("staff.audit.empty")}</p>`}
        <nav class="button-row" aria-label=${t("staff.audit.pages")}>
          <button type="button" class="button button--secondary" ?disabled=${page === 0} @click=${() => load(page - 1)}>${t("staff.audit.newer")}</button>
          <button type="button" class="button button--secondary" data-action="older" ?disabled=${!next} @click=${() => load(page + 1)}>${t("staff.audit.older")}</button>
        </nav>`,
      main,
    );
  }
  await load(0);
}
