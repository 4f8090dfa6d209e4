// The consultations list, and the form that creates one (also used to edit one).

import { html, render } from "../../../vendor/lit-html/lit-html.js";
import { formatNumber } from "../../i18n.js";
import { staff } from "../client.js";
import { can } from "../session.js";
import { ADMIN, isoToWall, problemList, text, wallToIso, when, zones } from "../ui.js";

export const ZONE = "Pacific/Auckland";

export async function listView(ctx) {
  const { t, main } = ctx;
  let items = [];
  let cursor = null;
  let error = null;

  async function load(more = false) {
    try {
      const page = await staff("GET", "/staff/consultations", { query: { limit: 20, cursor: more ? cursor : null } });
      items = more ? [...items, ...page.items] : page.items;
      cursor = page.next_cursor;
      error = null;
    } catch (caught) {
      error = caught;
    }
    draw();
  }

  function draw() {
    render(
      html`<h1>${t("staff.list.title")}</h1>
        ${can(ADMIN) ? html`<p><a class="button" href="#/new">${t("staff.list.new")}</a></p>` : ""}
        ${problemList(error)}
        ${items.length
          ? html`<table class="data-table">
              <caption class="visually-hidden">${t("staff.list.caption")}</caption>
              <thead><tr>
                <th scope="col">${t("staff.list.consultation")}</th>
                <th scope="col">${t("staff.list.status")}</th>
                <th scope="col">${t("staff.list.closes")}</th>
                <th scope="col" class="num">${t("staff.states.published")}</th>
                <th scope="col" class="num">${t("staff.states.pending")}</th>
                <th scope="col" class="num">${t("staff.states.hidden")}</th>
              </tr></thead>
              <tbody>
                ${items.map(
                  (c) => html`<tr data-cid=${c.id}>
                    <th scope="row"><a href=${`#/c/${encodeURIComponent(c.id)}`}>${text(c.title)}</a> <code>${c.id}</code></th>
                    <td><span class=${`status status--${c.status}`}>${t(`staff.status.${c.status}`)}</span></td>
                    <td>${when(c.closes_at, ZONE)}</td>
                    <td class="num">${formatNumber(c.submissions.published)}</td>
                    <td class="num">${formatNumber(c.submissions.pending)}</td>
                    <td class="num">${formatNumber(c.submissions.hidden)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
          : error
            ? ""
            : html`<p>${t("staff.list.empty")}</p>`}
        ${cursor ? html`<button type="button" class="button button--secondary" @click=${() => load(true)}>${t("staff.more")}</button>` : ""}`,
      main,
    );
  }
  await load();
}

/** The fields of a consultation: per-language title and summary, moderation, dates in a zone. */
export function consultationFields(t, languages, existing, { withId }) {
  const zone = ZONE;
  return html`
    ${withId
      ? html`<div class="field">
          <label for="c-id">${t("staff.form.id")}</label>
          <p class="hint" id="c-id-hint">${t("staff.form.id_hint")}</p>
          <input id="c-id" name="id" required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxlength="64" aria-describedby="c-id-hint" autocomplete="off">
        </div>`
      : ""}
    ${languages.map(
      (code) => html`<fieldset class="field-group">
        <legend>${t("staff.form.texts_in", { language: t(`staff.languages.${code}`) })}</legend>
        <div class="field">
          <label for=${`c-title-${code}`}>${t("staff.form.title")}</label>
          <input id=${`c-title-${code}`} name=${`title.${code}`} lang=${code} maxlength="200" ?required=${code === "en"} .value=${existing?.title?.[code] || ""}>
        </div>
        <div class="field">
          <label for=${`c-summary-${code}`}>${t("staff.form.summary")}</label>
          <textarea id=${`c-summary-${code}`} name=${`summary.${code}`} lang=${code} rows="3" .value=${existing?.summary?.[code] || ""}></textarea>
        </div>
      </fieldset>`,
    )}
    <fieldset class="field-group">
      <legend>${t("staff.form.moderation")}</legend>
      ${["post", "pre"].map(
        (mode) => html`<div class="choice">
          <input type="radio" id=${`c-mod-${mode}`} name="moderation" value=${mode} .checked=${(existing?.moderation || "post") === mode}>
          <label for=${`c-mod-${mode}`}>${t(`staff.form.moderation_${mode}`)}</label>
        </div>`,
      )}
    </fieldset>
    <fieldset class="field-group">
      <legend>${t("staff.form.dates")}</legend>
      <div class="field">
        <label for="c-zone">${t("staff.form.zone")}</label>
        <select id="c-zone" name="zone">
          ${zones().map((z) => html`<option value=${z} ?selected=${z === zone}>${z}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="c-opens">${t("staff.form.opens_at")}</label>
        <p class="hint" id="c-opens-hint">${t("staff.form.opens_hint")}</p>
        <input id="c-opens" type="datetime-local" name="opens_at" aria-describedby="c-opens-hint" .value=${isoToWall(existing?.opens_at, zone)}>
      </div>
      <div class="field">
        <label for="c-closes">${t("staff.form.closes_at")}</label>
        <input id="c-closes" type="datetime-local" name="closes_at" .value=${isoToWall(existing?.closes_at, zone)}>
      </div>
    </fieldset>`;
}

/** The form's values as the API's body: only what was typed (and every title language). */
export function consultationBody(form, languages, { withId }) {
  const data = new FormData(form);
  const zone = data.get("zone") || ZONE;
  const body = { title: {}, summary: {}, moderation: data.get("moderation") || "post" };
  if (withId) body.id = String(data.get("id") || "").trim();
  for (const code of languages) {
    const title = String(data.get(`title.${code}`) || "").trim();
    const summary = String(data.get(`summary.${code}`) || "").trim();
    if (title) body.title[code] = title;
    if (summary) body.summary[code] = summary;
  }
  for (const name of ["opens_at", "closes_at"]) {
    const value = String(data.get(name) || "");
    if (value) body[name] = wallToIso(value, zone);
  }
  return body;
}

export async function newConsultationView(ctx) {
  const { t, main, config, navigate, announce } = ctx;
  const languages = config.languages || ["en"];
  let error = null;
  let busy = false;

  async function submit(event) {
    event.preventDefault();
    const form = event.target;
    busy = true;
    draw();
    try {
      const created = await staff("POST", "/staff/consultations", { body: consultationBody(form, languages, { withId: true }) });
      form.reset();
      ctx.clearDraft(form);
      announce(t("staff.form.created", { id: created.id }));
      navigate(`#/c/${encodeURIComponent(created.id)}/add-option`);
    } catch (caught) {
      error = caught;
      busy = false;
      draw();
      main.querySelector("#problems")?.focus();
    }
  }

  function draw() {
    render(
      html`<nav class="staff-tabs" aria-label=${t("staff.tabs.label")}><ul><li><a href="#/">${t("staff.tabs.all")}</a></li></ul></nav>
        <h1>${t("staff.form.new_title")}</h1>
        <p>${t("staff.form.new_intro")}</p>
        ${problemList(error)}
        <form class="stack" data-draft="new-consultation" @submit=${submit}>
          ${consultationFields(t, languages, null, { withId: true })}
          <div><button type="submit" class="button" ?disabled=${busy}>${t("staff.form.create")}</button></div>
        </form>`,
      main,
    );
  }
  draw();
}
