// "You said, we did" for staff: what is still unanswered (by element, most endorsed first), a
// form to answer a selection of submissions or elements with a status and a text per language,
// and the responses written so far. Writing needs the admin role (as outcomes do).

import { html, render } from "../../../vendor/lit-html/lit-html.js";
import { RESPONSE_STATUSES } from "../../../generated/values.js";
import { staff } from "../client.js";
import { can } from "../session.js";
import { ADMIN, ANALYST, problemList, tabs } from "../ui.js";

export async function responsesView(ctx, cid) {
  const { t, main, announce, config } = ctx;
  const languages = config.languages || ["en"];
  const base = `/staff/consultations/${encodeURIComponent(cid)}`;
  let left = null;
  let written = [];
  let error = null;
  let formError = null;

  async function load() {
    try {
      [left, { items: written }] = await Promise.all([
        staff("GET", `${base}/unanswered`),
        staff("GET", `${base}/responses`),
      ]);
      error = null;
    } catch (caught) {
      error = caught;
    }
    draw();
  }

  async function save(event) {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    const text = {};
    for (const code of languages) {
      const value = String(data.get(`text.${code}`) || "").trim();
      if (value) text[code] = value;
    }
    const elements = data.getAll("element").map((joined) => {
      const [optionId, ...rest] = String(joined).split("/");
      return { option_id: optionId, element_id: rest.join("/") };
    });
    const body = {
      status: data.get("status"),
      text,
      links: { submissions: data.getAll("submission").map(String), elements },
    };
    try {
      await staff("POST", `${base}/responses`, { body });
      formError = null;
      form.reset();
      ctx.clearDraft?.(form);
      announce(t("staff.responses.saved"));
      await load();
    } catch (caught) {
      formError = caught;
      draw();
      main.querySelector("#response-problems")?.focus();
    }
  }

  function form() {
    if (!can(ADMIN)) return "";
    return html`<form class="stack" id="response-form" @submit=${save}>
      <h2>${t("staff.responses.new")}</h2>
      ${problemList(formError, "response-problems")}
      <fieldset>
        <legend>${t("staff.responses.elements")}</legend>
        ${left.groups.filter((g) => g.element_id).map(
          (g, i) => html`<div class="check">
            <input type="checkbox" id=${`element-${i}`} name="element" value=${`${g.option_id}/${g.element_id}`}>
            <label for=${`element-${i}`}>${t("staff.responses.group", { option: g.option_id, element: g.element_id, n: g.submissions })}</label>
          </div>`,
        )}
      </fieldset>
      <fieldset>
        <legend>${t("staff.responses.submissions")}</legend>
        ${left.most_endorsed.map(
          (s) => html`<div class="check">
            <input type="checkbox" id=${`submission-${s.id}`} name="submission" value=${s.id}>
            <label for=${`submission-${s.id}`}>${s.text}</label>
          </div>`,
        )}
      </fieldset>
      <div class="field">
        <label for="response-status">${t("staff.responses.status")}</label>
        <select id="response-status" name="status">
          ${RESPONSE_STATUSES.map((s) => html`<option value=${s}>${t(`responses.status.${s}`)}</option>`)}
        </select>
      </div>
      ${languages.map(
        (code) => html`<div class="field">
          <label for=${`response-${code}`}>${t("staff.responses.text_in", { language: t(`staff.languages.${code}`) })}</label>
          <textarea id=${`response-${code}`} name=${`text.${code}`} lang=${code} rows="3" ?required=${code === languages[0]}></textarea>
        </div>`,
      )}
      <div class="button-row"><button type="submit" class="button">${t("staff.responses.save")}</button></div>
    </form>`;
  }

  function draw() {
    if (!can(ADMIN, ANALYST)) {
      render(html`${tabs(cid, "responses", can)}<h1>${t("staff.responses.title")}</h1><p role="alert">${t("staff.errors.forbidden")}</p>`, main);
      return;
    }
    render(
      html`${tabs(cid, "responses", can)}
        <h1>${t("staff.responses.title")}</h1>
        ${problemList(error)}
        ${left
          ? html`<p>${t("staff.responses.coverage", { answered: left.answered, total: left.total_published })}</p>
              ${form()}`
          : ""}
        <h2>${t("staff.responses.written")}</h2>
        ${written.length
          ? html`<ul class="cards">${written.map(
              (r) => html`<li class="card">
                <p><strong>${t(`responses.status.${r.status}`)}</strong> · ${t("staff.responses.answered", { n: r.answered })}</p>
                <p>${Object.values(r.text)[0] || ""}</p>
              </li>`,
            )}</ul>`
          : html`<p>${t("staff.responses.none")}</p>`}`,
      main,
    );
  }
  await load();
}
