// "My submissions": what this browser sent (ids and edit tokens in localStorage), with status,
// edit (PATCH with X-Edit-Token) and withdraw (DELETE); with this browser's resident token, what
// the agency answered to each once the outcome is published and whether (and until when) an
// email is kept for it, both from GET …/residents/me (kept for the browser session); and the
// resident's data rights: download everything sent with that token (the same GET) or erase it all
// (DELETE …/residents/me, after a confirmation that says what it does).
import { html } from "../vendor/lit-html/lit-html.js";
import { forgetSubmission, hasResidentToken, mySubmissions, newKey, request } from "./api.js";
import { formatDate, localized, t } from "./i18n.js";
import { errorText } from "./common.js";
import { responsesHref, text } from "./shell.js";
import { STANCES } from "../generated/values.js";

const loaded = new Map(); // id → {submission?, error?, editing, draft, saving, confirmWithdraw, message}
let started = false;
// GET …/residents/me, once per visit: {document, bySubmission: id → its entry} or null
let mine = null;

function path(cid, id) {
  return `/consultations/${encodeURIComponent(cid)}/submissions/${encodeURIComponent(id)}`;
}

async function loadAll(context, cid) {
  const entries = mySubmissions().filter((entry) => entry.cid === cid);
  await Promise.all(
    entries.map(async (entry) => {
      const item = loaded.get(entry.id) || { entry };
      loaded.set(entry.id, item);
      try {
        item.submission = await request("GET", path(cid, entry.id), { editToken: entry.edit_token });
      } catch (error) {
        if (error.status === 404) {
          forgetSubmission(entry.id); // withdrawn elsewhere or removed
          loaded.delete(entry.id);
        } else item.error = error;
      }
    }),
  );
  context.refresh();
}

// The document is kept for the browser session (per consultation and status): a data request
// counts against the source's hourly limit of them (a download or an erasure too), so coming
// back to this page in the same session reads it again only once the status changed or the
// browser sent something new here.
const SESSION_KEY = "sayso.mine.answers";

function sessionDocument(cid, status, ids) {
  try {
    const saved = JSON.parse(sessionStorage.getItem(`${SESSION_KEY}.${cid}`) || "null");
    const known = new Set((saved?.document.submissions || []).map((s) => s.id));
    if (saved && saved.status === status && ids.every((id) => known.has(id))) return saved.document;
  } catch {
    // no session storage here: read it again
  }
  return null;
}

function keepDocument(cid, status, document) {
  try {
    sessionStorage.setItem(`${SESSION_KEY}.${cid}`, JSON.stringify({ status, document }));
  } catch {
    // full or refused: the next visit reads it again
  }
}

async function loadMine(context, consultation) {
  // Only with a token this browser already holds (never one made just to look), and only when
  // it sent something here: the answers and the email rule are about what it sent.
  const cid = consultation.id;
  const ids = mySubmissions().filter((entry) => entry.cid === cid).map((entry) => entry.id);
  if (!hasResidentToken() || !ids.length) return;
  await Promise.resolve(); // never refresh the view while it renders (a kept document is at hand)
  try {
    let document = sessionDocument(cid, consultation.status, ids);
    if (!document) {
      document = await request("GET", mePath(cid), { resident: true });
      keepDocument(cid, consultation.status, document);
    }
    mine = { document, bySubmission: new Map(document.submissions.map((s) => [s.id, s])) };
  } catch {
    mine = null; // the cards still show; the answers are also on the responses page
  }
  context.refresh();
}

export function refreshMine(context, consultation) {
  const first = !started;
  started = true; // before loading: a load refreshes the view, which would start it again
  if (first) loadMine(context, consultation);
  loadAll(context, consultation.id);
}

function emailNote(own) {
  if (!mine || !own) return "";
  const { email_kept_until: until, email_kept_days: days } = mine.document;
  if (!own.email_on_file) return html`<p class="email-note">${t("mine.email_none")}</p>`;
  return html`<p class="email-note">
    ${until ? t("mine.email_until", { date: formatDate(until) }) : t("mine.email_after_outcome", { days })}
  </p>`;
}

function answersView(consultation, own) {
  if (!own || consultation.status !== "outcome" || own.status === "withdrawn") return "";
  const page = html`<a href=${responsesHref()}>${t("mine.answers_link")}</a>`;
  if (!own.answered_by.length) return html`<p class="answers">${t("mine.no_answer")} ${page}</p>`;
  return html`<div class="answers">
    <h3>${t("mine.answers_heading")}</h3>
    <ul>
      ${own.answered_by.map(
        (answer) => html`<li class="answer" data-response=${answer.id}>
          <strong class="badge">${t(`responses.status.${answer.status}`)}</strong>
          ${text(localized(answer.text), "p")}
        </li>`,
      )}
    </ul>
    <p>${page}</p>
  </div>`;
}

function item(context, consultation, state) {
  const cid = consultation.id;
  const { entry, submission } = state;
  const own = mine?.bySubmission.get(entry.id);
  const id = `mine-${entry.id}`;
  if (!submission) {
    return html`<li class="card">
      <p>${state.error ? errorText(state.error) : t("shell.loading")}</p>
    </li>`;
  }
  const save = async (event) => {
    event.preventDefault();
    const form = event.target;
    const body = { text: form.elements.text.value };
    if (form.elements.stance.value) body.stance = form.elements.stance.value;
    state.saving = true;
    state.fieldError = null;
    context.refresh();
    try {
      await request("PATCH", path(cid, entry.id), { body, editToken: entry.edit_token });
      state.editing = false;
      state.message = t("mine.saved");
      await loadAll(context, cid);
    } catch (error) {
      state.fieldError = error.fieldMessages().text || errorText(error);
    } finally {
      state.saving = false;
      context.refresh();
    }
  };
  const withdraw = async () => {
    try {
      await request("DELETE", path(cid, entry.id), { editToken: entry.edit_token });
      forgetSubmission(entry.id);
      loaded.delete(entry.id);
      announce(context, t("mine.withdrawn"));
    } catch (error) {
      state.message = errorText(error);
      context.refresh();
    }
  };
  return html`<li class="card mine" data-submission=${entry.id}>
    <p class="meta">
      <span class="badge badge-${submission.status}">${t(`submission_status.${submission.status}`)}</span>
      ${t(`kind.${submission.kind}`)} · ${t("mine.option", { option: entry.option_id })} ·
      ${formatDate(submission.created_at, { dateStyle: "medium", timeStyle: "short" })}
    </p>
    ${state.editing
      ? html`<form class="stack" @submit=${save}>
          <label for="${id}-text">${t("mine.edit_label")}</label>
          <textarea
            id="${id}-text"
            name="text"
            rows="4"
            maxlength="5000"
            aria-invalid=${state.fieldError ? "true" : "false"}
            aria-describedby=${state.fieldError ? `${id}-error` : ""}
            .value=${submission.text || ""}
          ></textarea>
          ${state.fieldError ? html`<p id="${id}-error" class="field-error">${state.fieldError}</p>` : ""}
          <label for="${id}-stance">${t("form.stance")}</label>
          <select id="${id}-stance" name="stance">
            <option value="">${t("stance.none")}</option>
            ${STANCES.map(
              (s) => html`<option value=${s} ?selected=${submission.stance === s}>${t(`stance.${s}`)}</option>`,
            )}
          </select>
          <div class="actions">
            <button type="submit" ?disabled=${state.saving}>${t("mine.save")}</button>
            <button type="button" class="secondary" @click=${() => { state.editing = false; context.refresh(); }}>
              ${t("mine.cancel")}
            </button>
          </div>
        </form>`
      : html`<p class="submission-text">${submission.text}</p>
          <div class="actions">
            <button type="button" class="secondary" data-action="edit" @click=${() => { state.editing = true; state.confirmWithdraw = false; context.refresh(); }}>
              ${t("mine.edit")}
            </button>
            ${state.confirmWithdraw
              ? html`<span class="confirm" role="group" aria-label=${t("mine.confirm_withdraw")}>
                  <span>${t("mine.confirm_withdraw")}</span>
                  <button type="button" class="danger" data-action="withdraw-yes" @click=${withdraw}>${t("mine.withdraw_yes")}</button>
                  <button type="button" class="secondary" @click=${() => { state.confirmWithdraw = false; context.refresh(); }}>
                    ${t("mine.withdraw_no")}
                  </button>
                </span>`
              : html`<button type="button" class="secondary" data-action="withdraw" @click=${() => { state.confirmWithdraw = true; context.refresh(); }}>
                  ${t("mine.withdraw")}
                </button>`}
          </div>`}
    ${answersView(consultation, own)} ${emailNote(own)}
    ${state.message ? html`<p class="note" role="status">${state.message}</p>` : ""}
  </li>`;
}

const rights = { confirming: false, busy: false, message: "" };
const ERASE_CALLS_MAX = 20; // each call erases up to 200 items and says whether it is done

function mePath(cid) {
  return `/consultations/${encodeURIComponent(cid)}/residents/me`;
}

async function download(context, cid) {
  rights.busy = true;
  rights.message = "";
  context.refresh();
  try {
    const data = await request("GET", mePath(cid), { resident: true });
    const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `sayso-${cid}-my-data.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    rights.message = t("mine.downloaded");
  } catch (error) {
    rights.message = errorText(error);
  } finally {
    rights.busy = false;
    context.refresh();
  }
}

async function erase(context, cid) {
  rights.busy = true;
  context.refresh();
  const total = { withdrawn: 0, endorsements_removed: 0, flags_removed: 0 };
  try {
    for (let call = 0; call < ERASE_CALLS_MAX; call += 1) {
      const done = await request("DELETE", mePath(cid), { resident: true, idempotencyKey: newKey() });
      for (const name of Object.keys(total)) total[name] += done[name];
      if (done.done) break;
    }
    for (const entry of mySubmissions().filter((e) => e.cid === cid)) {
      forgetSubmission(entry.id);
      loaded.delete(entry.id);
    }
    rights.confirming = false;
    rights.message = t("mine.erased", {
      withdrawn: total.withdrawn,
      endorsements: total.endorsements_removed,
      flags: total.flags_removed,
    });
  } catch (error) {
    rights.message = errorText(error); // what is erased stays erased; trying again finishes it
  } finally {
    rights.busy = false;
    context.refresh();
  }
}

function rightsView(context, cid) {
  if (!hasResidentToken()) return "";
  return html`<div class="rights">
    <h3>${t("mine.rights_heading")}</h3>
    <p>${t("mine.rights_intro")}</p>
    ${mine ? html`<p>${t("mine.email_rule", { days: mine.document.email_kept_days })}</p>` : ""}
    ${rights.confirming
      ? html`<div class="confirm" role="group" aria-labelledby="erase-confirm-text">
          <p id="erase-confirm-text">${t("mine.confirm_erase")}</p>
          <button type="button" class="danger" data-action="erase-yes" ?disabled=${rights.busy}
            @click=${() => erase(context, cid)}>${t("mine.erase_yes")}</button>
          <button type="button" class="secondary" data-action="erase-no"
            @click=${() => { rights.confirming = false; context.refresh(); }}>${t("mine.erase_no")}</button>
        </div>`
      : html`<div class="actions">
          <button type="button" class="secondary" data-action="download-mine" ?disabled=${rights.busy}
            @click=${() => download(context, cid)}>${t("mine.download")}</button>
          <button type="button" class="danger" data-action="erase-mine"
            @click=${() => { rights.confirming = true; rights.message = ""; context.refresh(); }}>${t("mine.erase")}</button>
        </div>`}
    ${rights.message ? html`<p class="note" role="status">${rights.message}</p>` : ""}
  </div>`;
}

let announcement = "";
function announce(context, message) {
  announcement = message;
  context.refresh();
}

export function mySubmissionsView(context, consultation) {
  const cid = consultation.id;
  if (!started) refreshMine(context, consultation);
  const items = mySubmissions()
    .filter((entry) => entry.cid === cid)
    .map((entry) => loaded.get(entry.id))
    .filter(Boolean);
  return html`<section aria-labelledby="mine-heading" class="mine-section">
    <h2 id="mine-heading">${t("mine.heading")}</h2>
    <p class="sr-status" role="status">${announcement}</p>
    ${items.length
      ? html`<p>${t("mine.intro")}</p>
          <ul class="cards">
            ${items.map((state) => item(context, consultation, state))}
          </ul>`
      : html`<p>${t("mine.none")}</p>`}
    ${rightsView(context, cid)}
  </section>`;
}
