// One consultation: its details (editable by admins while draft or open), its options, status
// changes (each confirmed with what it changes) and, once closed, an outcome per option.

import { html, render } from "../../../vendor/lit-html/lit-html.js";
import { staff } from "../client.js";
import { confirmAction } from "../confirm.js";
import { can } from "../session.js";
import { ADMIN, plain, problemList, tabs, text, when } from "../ui.js";
import { ZONE, consultationBody, consultationFields } from "./consultations.js";
import { DECISIONS, OPEN_DATA_LICENCES } from "../../../generated/values.js";

const NEXT = { draft: "open", open: "closed", closed: "outcome" };

export async function consultationView(ctx, cid) {
  const { t, main, config, announce } = ctx;
  const languages = config.languages || ["en"];
  const path = `/staff/consultations/${encodeURIComponent(cid)}`;
  let consultation = null;
  let options = [];
  let error = null;
  let formError = null;
  let openDataError = null;
  const outcomeErrors = {};
  const outcomePreview = {};

  async function load() {
    try {
      [consultation, { items: options }] = await Promise.all([staff("GET", path), staff("GET", `${path}/options`)]);
      error = null;
    } catch (caught) {
      error = caught;
    }
    draw();
  }

  async function saveDetails(event) {
    event.preventDefault();
    const form = event.target;
    try {
      consultation = await staff("PUT", path, { body: consultationBody(form, languages, { withId: false }) });
      ctx.clearDraft(form);
      formError = null;
      announce(t("staff.details.saved"));
    } catch (caught) {
      formError = caught;
    }
    draw();
    if (formError) main.querySelector("#details-problems")?.focus();
  }

  async function saveOpenData(event) {
    event.preventDefault();
    const data = new FormData(event.target);
    const body = { open_data: data.get("open_data") === "on", open_data_licence: data.get("open_data_licence") };
    try {
      consultation = await staff("PUT", path, { body });
      openDataError = null;
      announce(t("staff.open_data.saved"));
    } catch (caught) {
      openDataError = caught;
    }
    draw();
    if (openDataError) main.querySelector("#open-data-problems")?.focus();
  }

  // Staff may switch the open-data bundle off, or choose its licence, at any status; once the
  // outcome is published the bundle follows at once (rewritten, or removed when off).
  function openDataForm(c) {
    return html`<section aria-labelledby="open-data-heading">
      <h2 id="open-data-heading">${t("staff.open_data.title")}</h2>
      <p>${t("staff.open_data.intro")}</p>
      ${problemList(openDataError, "open-data-problems")}
      <form class="stack" @submit=${saveOpenData}>
        <div class="check">
          <input type="checkbox" id="open-data-on" name="open_data" ?checked=${c.open_data} />
          <label for="open-data-on">${t("staff.open_data.on")}</label>
        </div>
        <div class="field">
          <label for="open-data-licence">${t("staff.open_data.licence")}</label>
          <select id="open-data-licence" name="open_data_licence">
            ${OPEN_DATA_LICENCES.map((id) => html`<option value=${id} ?selected=${c.open_data_licence === id}>${id}</option>`)}
          </select>
        </div>
        <div><button type="submit" class="button">${t("staff.open_data.save")}</button></div>
      </form>
    </section>`;
  }

  async function changeStatus() {
    const next = NEXT[consultation.status];
    const ok = await confirmAction({
      title: t(`staff.status_change.${next}.title`),
      body: [t(`staff.status_change.${next}.what`, { title: plain(consultation.title) }), t("staff.status_change.irreversible")],
      confirm: t(`staff.status_change.${next}.confirm`),
    });
    if (!ok) return;
    try {
      consultation = await staff("POST", `${path}/status`, { body: { status: next } });
      error = null;
      announce(t("staff.status_change.done", { status: t(`staff.status.${consultation.status}`) }));
    } catch (caught) {
      error = caught;
    }
    draw();
    if (error) main.querySelector("#problems")?.focus();
  }

  function outcomeBody(form) {
    const data = new FormData(form);
    const textByLang = {};
    for (const code of languages) {
      const value = String(data.get(`text.${code}`) || "").trim();
      if (value) textByLang[code] = value;
    }
    return { decision: data.get("decision"), text: textByLang };
  }

  function previewOutcome(oid, form) {
    outcomePreview[oid] = outcomeBody(form);
    draw();
  }

  async function saveOutcome(event, option) {
    event.preventDefault();
    const form = event.target;
    const body = outcomeBody(form);
    const ok = await confirmAction({
      title: t("staff.outcome.confirm_title", { option: plain(option.title) }),
      body: [
        t("staff.outcome.confirm_what", { decision: t(`staff.decisions.${body.decision}`) }),
        t(consultation.status === "outcome" ? "staff.outcome.confirm_public" : "staff.outcome.confirm_later"),
      ],
      confirm: t("staff.outcome.save"),
    });
    if (!ok) return;
    try {
      const saved = await staff("PUT", `${path}/options/${encodeURIComponent(option.id)}/outcome`, { body });
      options = options.map((o) => (o.id === option.id ? { ...o, outcome: saved.outcome } : o));
      delete outcomeErrors[option.id];
      ctx.clearDraft(form);
      announce(t("staff.outcome.saved", { option: plain(option.title) }));
    } catch (caught) {
      outcomeErrors[option.id] = caught;
    }
    draw();
  }

  function outcomeView(outcome) {
    if (!outcome) return html`<p>${t("staff.outcome.none")}</p>`;
    return html`<div class="outcome-preview">
      <p class="outcome-decision">${t(`staff.decisions.${outcome.decision}`)}</p>
      <p>${text(outcome.text)}</p>
    </div>`;
  }

  function outcomeForm(option) {
    const current = outcomePreview[option.id] || option.outcome;
    return html`<form class="stack" data-draft=${`outcome-${cid}-${option.id}`} @submit=${(event) => saveOutcome(event, option)}>
      ${problemList(outcomeErrors[option.id], `outcome-problems-${option.id}`)}
      <div class="field">
        <label for=${`decision-${option.id}`}>${t("staff.outcome.decision")}</label>
        <select id=${`decision-${option.id}`} name="decision">
          ${DECISIONS.map((d) => html`<option value=${d} ?selected=${option.outcome?.decision === d}>${t(`staff.decisions.${d}`)}</option>`)}
        </select>
      </div>
      ${languages.map(
        (code) => html`<div class="field">
          <label for=${`outcome-${option.id}-${code}`}>${t("staff.outcome.text_in", { language: t(`staff.languages.${code}`) })}</label>
          <textarea id=${`outcome-${option.id}-${code}`} name=${`text.${code}`} lang=${code} rows="3" ?required=${code === "en"} .value=${option.outcome?.text?.[code] || ""}></textarea>
        </div>`,
      )}
      <div class="button-row">
        <button type="button" class="button button--secondary" @click=${(event) => previewOutcome(option.id, event.target.form)}>${t("staff.outcome.preview")}</button>
        <button type="submit" class="button">${t("staff.outcome.save")}</button>
      </div>
      <section class="card" aria-label=${t("staff.outcome.preview_label")}>
        <h4>${t("staff.outcome.preview_label")}</h4>
        ${outcomeView(current)}
      </section>
    </form>`;
  }

  function optionRows() {
    const admin = can(ADMIN);
    const adding = admin && ["draft", "open"].includes(consultation.status);
    const outcomes = admin && ["closed", "outcome"].includes(consultation.status);
    const base = `#/c/${encodeURIComponent(cid)}`;
    return html`<section aria-labelledby="options-heading">
      <h2 id="options-heading">${t("staff.options.title")}</h2>
      ${adding ? html`<p><a class="button" href=${`${base}/add-option`}>${t("staff.options.add")}</a></p>` : ""}
      ${options.length
        ? html`<ul class="option-list">
            ${options.map(
              (o) => html`<li class="card" data-option=${o.id}>
                <h3>${text(o.title)} <code>${o.id}</code></h3>
                <p>${t(`staff.options.kind_${o.kind}`)}${o.superseded_by ? html` · ${t("staff.options.superseded_by", { id: o.superseded_by })}` : ""}</p>
                ${adding && !o.superseded_by
                  ? html`<p><a href=${`${base}/add-option?supersedes=${encodeURIComponent(o.id)}`}>${t("staff.options.supersede", { id: o.id })}</a></p>`
                  : ""}
                ${outcomes && !o.superseded_by
                  ? html`<h4>${t("staff.outcome.title")}</h4>${outcomeForm(o)}`
                  : o.outcome
                    ? html`<h4>${t("staff.outcome.title")}</h4>${outcomeView(o.outcome)}`
                    : ""}
              </li>`,
            )}
          </ul>`
        : html`<p>${t("staff.options.none")}</p>`}
    </section>`;
  }

  function draw() {
    if (!consultation) {
      render(html`${tabs(cid, "", can)}<h1>${cid}</h1>${problemList(error)}`, main);
      return;
    }
    const c = consultation;
    const admin = can(ADMIN);
    const editable = admin && ["draft", "open"].includes(c.status);
    const next = NEXT[c.status];
    render(
      html`${tabs(cid, "", can)}
        <h1>${text(c.title)}</h1>
        ${problemList(error)}
        <dl class="facts">
          <dt>${t("staff.details.id")}</dt><dd><code>${c.id}</code></dd>
          <dt>${t("staff.list.status")}</dt><dd><span class=${`status status--${c.status}`}>${t(`staff.status.${c.status}`)}</span></dd>
          <dt>${t("staff.form.moderation")}</dt><dd>${t(`staff.form.moderation_${c.moderation}`)}</dd>
          <dt>${t("staff.form.opens_at")}</dt><dd>${when(c.opens_at, ZONE)}</dd>
          <dt>${t("staff.form.closes_at")}</dt><dd>${when(c.closes_at, ZONE)}</dd>
          <dt>${t("staff.form.summary")}</dt><dd>${text(c.summary)}</dd>
          <dt>${t("staff.open_data.title")}</dt><dd>${c.open_data ? t("staff.open_data.state_on", { licence: c.open_data_licence }) : t("staff.open_data.state_off")}</dd>
        </dl>
        ${admin && next
          ? html`<p><button type="button" class="button" data-action="status" @click=${changeStatus}>${t(`staff.status_change.${next}.button`)}</button></p>`
          : ""}
        ${optionRows()}
        ${admin ? openDataForm(c) : ""}
        ${editable
          ? html`<section aria-labelledby="details-heading">
              <h2 id="details-heading">${t("staff.details.edit")}</h2>
              ${problemList(formError, "details-problems")}
              <form class="stack" data-draft=${`edit-${cid}`} @submit=${saveDetails}>
                ${consultationFields(t, languages, c, { withId: false })}
                <div><button type="submit" class="button">${t("staff.details.save")}</button></div>
              </form>
            </section>`
          : ""}`,
      main,
    );
  }
  await load();
}
