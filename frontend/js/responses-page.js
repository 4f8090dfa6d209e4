// "You said, we did": the agency's responses to what residents sent, grouped by option and by
// plan element, each with how many submissions it answers and links to the public ones. Shown
// once the consultation's outcome is published.
import { html, nothing } from "../vendor/lit-html/lit-html.js";
import { request } from "./api.js";
import { localized, t } from "./i18n.js";
import { optionHref, startPage, text } from "./shell.js";
import { counted } from "./common.js";

const state = { consultation: null, responses: null, error: null };

function linkedSubmission(linked, index) {
  const label = t("responses.submission", { n: index + 1 });
  if (linked.state !== "published") {
    return html`<li>${label}: ${t(`responses.state.${linked.state}`)}</li>`;
  }
  return html`<li><a href=${optionHref(linked.option_id)}>${label}</a></li>`;
}

// A response shows under each option and element it links to; its anchor (#response-<id>, where
// a submission card or a plan element links to it) is on its first card only.
let anchored = new Set();

function responseCard(response) {
  const first = !anchored.has(response.id);
  anchored.add(response.id);
  return html`<li class="card response-card" id=${first ? `response-${response.id}` : nothing} tabindex=${first ? "-1" : nothing}>
    <p><strong class="badge">${t(`responses.status.${response.status}`)}</strong>
      ${counted("responses.answered", response.answered)}</p>
    ${text(localized(response.text), "p")}
    ${response.submissions.length
      ? html`<ul class="linked">${response.submissions.map(linkedSubmission)}</ul>`
      : ""}
  </li>`;
}

function groups(consultation, responses) {
  // option id -> {whole: [...], elements: Map(element id -> [...])}; the rest apart
  const byOption = new Map(consultation.options.map((o) => [o.id, { whole: [], elements: new Map() }]));
  const other = [];
  for (const response of responses) {
    let placed = false;
    for (const oid of response.options) {
      if (byOption.has(oid)) {
        byOption.get(oid).whole.push(response);
        placed = true;
      }
    }
    for (const { option_id: oid, element_id: eid } of response.elements) {
      if (!byOption.has(oid)) continue;
      const elements = byOption.get(oid).elements;
      if (!elements.has(eid)) elements.set(eid, []);
      elements.get(eid).push(response);
      placed = true;
    }
    if (!placed) other.push(response);
  }
  return { byOption, other };
}

function optionSection(option, group) {
  if (!group.whole.length && !group.elements.size) return "";
  const headingId = `option-${option.id}`;
  return html`<section aria-labelledby=${headingId}>
    <h2 id=${headingId}><a href=${optionHref(option.id)}>${text(localized(option.title))}</a></h2>
    ${group.whole.length ? html`<ul class="cards">${group.whole.map(responseCard)}</ul>` : ""}
    ${[...group.elements].map(
      ([eid, items]) => html`<h3>${t("responses.element", { element: eid })}</h3>
        <ul class="cards">${items.map(responseCard)}</ul>`,
    )}
  </section>`;
}

function view() {
  if (state.error) return html`<h1>${t("responses.heading")}</h1><p role="alert" class="error">${state.error}</p>`;
  const { consultation, responses } = state;
  if (!consultation || !responses) {
    return html`<h1>${t("responses.heading")}</h1><p aria-busy="true">${t("shell.loading")}</p>`;
  }
  const { byOption, other } = groups(consultation, responses);
  anchored = new Set();
  return html`<h1>${t("responses.heading")}</h1>
    <p>${text(localized(consultation.title))}</p>
    <p>${counted("responses.count", responses.length)}</p>
    ${responses.length ? "" : html`<p>${t("responses.none")}</p>`}
    ${consultation.options.map((o) => optionSection(o, byOption.get(o.id)))}
    ${other.length
      ? html`<section aria-labelledby="other-heading">
          <h2 id="other-heading">${t("responses.other")}</h2>
          <ul class="cards">${other.map(responseCard)}</ul>
        </section>`
      : ""}`;
}

const context = await startPage(view, { title: () => t("responses.heading") });
if (context.config) {
  const cid = encodeURIComponent(context.config.consultation);
  try {
    [state.consultation, state.responses] = await Promise.all([
      request("GET", `/consultations/${cid}`),
      request("GET", `/consultations/${cid}/responses`).then((page) => page.items),
    ]);
  } catch (error) {
    state.error = error.status === 404 ? t("responses.not_yet") : t("errors.load");
  }
  context.refresh();
  // Arrived from a card's "the agency answered this" link: the card exists only now.
  const target = location.hash.startsWith("#response-") ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target) {
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }
}
