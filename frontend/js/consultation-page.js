// The consultation page: title, summary, status and dates, the options with their counts and
// outcomes ("you said, we did"), and what this browser has sent (my submissions).
import { html } from "../vendor/lit-html/lit-html.js";
import { request } from "./api.js";
import { formatDate, localized, t } from "./i18n.js";
import { mySubmissionsView } from "./mine.js";
import { optionHref, responsesHref, startPage, text } from "./shell.js";
import { countsText, outcomeView } from "./common.js";
import { prerendered } from "./prerendered.js";

// A pre-rendered page starts from its snapshot; the API's answer then refreshes the counts.
const state = { consultation: prerendered()?.consultation ?? null, error: null };

function statusLine(consultation) {
  const opens = formatDate(consultation.opens_at);
  const closes = formatDate(consultation.closes_at);
  const key = `status.${consultation.status}`;
  return html`<p class="status">
    <span class="badge badge-${consultation.status}">${t(key)}</span>
    ${consultation.opens_at && consultation.closes_at
      ? t("consultation.dates", { opens, closes })
      : ""}
  </p>`;
}

function optionCard(option) {
  const title = localized(option.title);
  return html`<li class="card option-card">
    <h3><a href=${optionHref(option.id)}>${text(title)}</a></h3>
    <p class="meta">
      ${t(`option.kind.${option.kind}`)} · ${countsText(option.counts)}
      ${option.superseded_by ? html` · ${t("option.superseded")}` : ""}
    </p>
    ${text(localized(option.summary), "p")} ${outcomeView(option.outcome)}
  </li>`;
}

function view(context) {
  if (state.error) return html`<h1>sayso</h1><p role="alert" class="error">${state.error}</p>`;
  const consultation = state.consultation;
  if (!consultation) return html`<h1>sayso</h1><p aria-busy="true">${t("shell.loading")}</p>`;
  return html`<h1>${text(localized(consultation.title))}</h1>
    ${statusLine(consultation)} ${text(localized(consultation.summary), "p")}
    ${consultation.status === "outcome"
      ? html`<p class="responses-link"><a href=${responsesHref()}>${t("responses.link")}</a></p>`
      : ""}
    ${consultation.open_data
      ? html`<p class="open-data-link"><a href=${consultation.open_data.url}>${t("consultation.open_data")}</a>
          ${t("consultation.open_data_licence")} <a href=${consultation.open_data.licence_url} rel="license">${consultation.open_data.licence_title}</a></p>`
      : ""}
    <section aria-labelledby="options-heading">
      <h2 id="options-heading">${t("consultation.options")}</h2>
      <ul class="cards">
        ${consultation.options.map(optionCard)}
      </ul>
    </section>
    ${mySubmissionsView(context, consultation)}`;
}

const context = await startPage(view, {
  title: () => (state.consultation ? localized(state.consultation.title).text : "sayso"),
});
if (context.config) {
  try {
    state.consultation = await request(
      "GET",
      `/consultations/${encodeURIComponent(context.config.consultation)}`,
    );
  } catch (error) {
    // With a snapshot on the page, a failed refresh keeps it (it says what it is).
    if (!state.consultation) {
      state.error = error.status === 404 ? t("consultation.not_found") : t("errors.load");
    }
  }
  context.refresh();
}
