// "You said, we did" for staff: what is still unanswered (by plan element, by the report's
// campaign, most endorsed first), each row with "Answer these", which opens the answer form with
// that row selected; a form to answer the selection with a status and a text per language; and
// the responses written, each editable (status, texts, links; the `version` read is sent, and a
// 409 keeps what was typed) with its history from the audit log. Writing needs the admin role
// (as outcomes do); the history too (the audit log is the admins').
//
// Other views open the form with a selection in the address:
//   #/c/<cid>/responses?submissions=<id>,<id>&elements=<option>/<element>&campaigns=<key>&options=<id>

import { html, render } from "../../../vendor/lit-html/lit-html.js";
import { live } from "../../../vendor/lit-html/directives/live.js";
import { formatDate } from "../../i18n.js";
import { RESPONSE_STATUSES } from "../../../generated/values.js";
import { staff } from "../client.js";
import { can } from "../session.js";
import { ADMIN, ANALYST, problemList, tabs } from "../ui.js";

const KINDS = ["submissions", "elements", "campaigns", "options"];

/** The address of the responses view with these links selected (other views link to it). */
export function answerHash(cid, links) {
  const query = new URLSearchParams();
  for (const kind of KINDS) {
    const values = links[kind] || [];
    if (values.length) query.set(kind, values.join(","));
  }
  return `#/c/${encodeURIComponent(cid)}/responses?${query}`;
}

function emptySelection() {
  return Object.fromEntries(KINDS.map((kind) => [kind, new Set()]));
}

function selectionFrom(query) {
  const selection = emptySelection();
  for (const kind of KINDS) {
    for (const value of (query.get(kind) || "").split(",")) if (value) selection[kind].add(value);
  }
  return selection;
}

function selectedCount(selection) {
  return KINDS.reduce((n, kind) => n + selection[kind].size, 0);
}

function apiLinks(selection) {
  return {
    submissions: [...selection.submissions],
    elements: [...selection.elements].map((joined) => {
      const [optionId, ...rest] = joined.split("/");
      return { option_id: optionId, element_id: rest.join("/") };
    }),
    campaigns: [...selection.campaigns],
    options: [...selection.options],
  };
}

function selectionOf(links) {
  const selection = emptySelection();
  for (const id of links.submissions || []) selection.submissions.add(id);
  for (const e of links.elements || []) selection.elements.add(`${e.option_id}/${e.element_id}`);
  for (const key of links.campaigns || []) selection.campaigns.add(key);
  for (const id of links.options || []) selection.options.add(id);
  return selection;
}

export async function responsesView(ctx, cid) {
  const { t, main, announce, config, route } = ctx;
  const languages = config.languages || ["en"];
  const base = `/staff/consultations/${encodeURIComponent(cid)}`;
  let consultation = null;
  let left = null;
  let written = [];
  let error = null;
  let formError = null;
  let selection = selectionFrom(route.query);
  let chosen = rowsOf(selection); // what the form lists: the selection, and what was unticked
  const preselected = selectedCount(selection) > 0;
  const editing = new Map(); // response id → { links: selection, error, conflict }
  const histories = new Map(); // response id → { items, error } while shown

  async function load() {
    try {
      [consultation, left, { items: written }] = await Promise.all([
        staff("GET", base),
        staff("GET", `${base}/unanswered`),
        staff("GET", `${base}/responses`),
      ]);
      error = null;
    } catch (caught) {
      error = caught;
    }
    draw();
  }

  const published = () => consultation?.status === "outcome";
  const answerable = () => ["closed", "outcome"].includes(consultation?.status);

  // --- labels of what a response answers ------------------------------------------------

  function elementLabel(joined) {
    const [option, ...rest] = joined.split("/");
    return t("staff.responses.element_label", { option, element: rest.join("/") });
  }

  function campaignLabel(key) {
    const found = left?.campaigns.find((c) => c.key === key);
    return found ? t("staff.responses.campaign_label", { text: excerpt(found.text), n: found.size }) : t("staff.responses.campaign_key", { key });
  }

  function submissionLabel(id) {
    const found = left?.most_endorsed.find((s) => s.id === id);
    return found ? excerpt(found.text) : t("staff.responses.submission_id", { id });
  }

  function linkLabel(kind, value) {
    if (kind === "elements") return elementLabel(value);
    if (kind === "campaigns") return campaignLabel(value);
    if (kind === "submissions") return submissionLabel(value);
    return t("staff.responses.option_label", { option: value });
  }

  function excerpt(textValue) {
    return textValue.length > 120 ? `${textValue.slice(0, 120)}…` : textValue;
  }

  // --- the selection and "answer these" -------------------------------------------------

  function toggle(kind, value, on) {
    if (on) selection[kind].add(value);
    else selection[kind].delete(value);
    if (on) chosen = addRows(chosen, [[kind, value]]);
    draw();
  }

  function answerThese(links, label) {
    selection = selectionOf(links);
    chosen = rowsOf(selection);
    formError = null;
    draw();
    const heading = main.querySelector("#response-form-heading");
    heading?.focus();
    heading?.scrollIntoView({ block: "start" });
    announce(t("staff.responses.selected", { what: label, n: selectedCount(selection) }));
  }

  function pick(kind, value, label) {
    if (!can(ADMIN) || !answerable()) return "";
    const id = `pick-${kind}-${value}`.replace(/[^A-Za-z0-9_-]/g, "-");
    return html`<input type="checkbox" id=${id} name=${kind.slice(0, -1)} value=${value}
        .checked=${live(selection[kind].has(value))} @change=${(event) => toggle(kind, value, event.target.checked)}>
      <label for=${id} class="visually-hidden">${t("staff.responses.select", { what: label })}</label>`;
  }

  function answerButton(links, label, one = false) {
    if (!can(ADMIN) || !answerable()) return "";
    const name = one ? "answer_this" : "answer_these";
    return html`<button type="button" class="button button--small" data-action="answer-these" aria-label=${t(`staff.responses.${name}_label`, { what: label })}
      @click=${() => answerThese(links, label)}>${t(`staff.responses.${name}`)}</button>`;
  }

  function unansweredView() {
    const elements = left.groups.filter((g) => g.element_id);
    const campaigns = left.campaigns.filter((c) => c.submissions > 0);
    const admin = can(ADMIN) && answerable();
    if (left.answered === left.total_published) {
      return html`<section aria-labelledby="unanswered-heading">
        <h2 id="unanswered-heading">${t("staff.responses.unanswered")}</h2>
        <p>${t("staff.responses.all_answered")}</p>
      </section>`;
    }
    return html`<section aria-labelledby="unanswered-heading">
      <h2 id="unanswered-heading">${t("staff.responses.unanswered")}</h2>
      ${elements.length
        ? html`<table class="data-table unanswered" id="unanswered-elements">
            <caption>${t("staff.responses.elements")}</caption>
            <thead><tr>
              ${admin ? html`<th scope="col">${t("staff.responses.pick")}</th>` : ""}
              <th scope="col">${t("staff.responses.element")}</th>
              <th scope="col" class="num">${t("staff.responses.unanswered_count")}</th>
              <th scope="col" class="num">${t("staff.responses.endorsements")}</th>
              ${admin ? html`<th scope="col">${t("staff.responses.action")}</th>` : ""}
            </tr></thead>
            <tbody>${elements.map((g) => {
              const joined = `${g.option_id}/${g.element_id}`;
              const label = elementLabel(joined);
              return html`<tr data-element=${joined}>
                ${admin ? html`<td>${pick("elements", joined, label)}</td>` : ""}
                <th scope="row">${label}</th>
                <td class="num">${g.submissions}</td>
                <td class="num">${g.endorsements}</td>
                ${admin ? html`<td>${answerButton({ elements: [g] }, label)}</td>` : ""}
              </tr>`;
            })}</tbody>
          </table>`
        : ""}
      ${campaigns.length
        ? html`<table class="data-table unanswered" id="unanswered-campaigns">
            <caption>${t("staff.responses.campaigns")}</caption>
            <thead><tr>
              ${admin ? html`<th scope="col">${t("staff.responses.pick")}</th>` : ""}
              <th scope="col">${t("staff.responses.campaign")}</th>
              <th scope="col" class="num">${t("staff.responses.campaign_size")}</th>
              <th scope="col" class="num">${t("staff.responses.unanswered_count")}</th>
              <th scope="col" class="num">${t("staff.responses.endorsements")}</th>
              ${admin ? html`<th scope="col">${t("staff.responses.action")}</th>` : ""}
            </tr></thead>
            <tbody>${campaigns.map((c) => {
              const label = campaignLabel(c.key);
              return html`<tr data-campaign=${c.key}>
                ${admin ? html`<td>${pick("campaigns", c.key, label)}</td>` : ""}
                <th scope="row">${excerpt(c.text)} <span class="muted">(${c.option_ids.join(", ")})</span></th>
                <td class="num">${c.size}</td>
                <td class="num">${c.submissions}</td>
                <td class="num">${c.endorsements}</td>
                ${admin ? html`<td>${answerButton({ campaigns: [c.key] }, label)}</td>` : ""}
              </tr>`;
            })}</tbody>
          </table>`
        : html`<p>${t("staff.responses.no_campaigns")}</p>`}
      ${left.most_endorsed.length
        ? html`<table class="data-table unanswered" id="unanswered-submissions">
            <caption>${t("staff.responses.submissions")}</caption>
            <thead><tr>
              ${admin ? html`<th scope="col">${t("staff.responses.pick")}</th>` : ""}
              <th scope="col">${t("staff.responses.submission")}</th>
              <th scope="col">${t("staff.responses.where")}</th>
              <th scope="col" class="num">${t("staff.responses.endorsements")}</th>
              ${admin ? html`<th scope="col">${t("staff.responses.action")}</th>` : ""}
            </tr></thead>
            <tbody>${left.most_endorsed.map((s) => {
              const label = excerpt(s.text);
              return html`<tr data-submission=${s.id}>
                ${admin ? html`<td>${pick("submissions", s.id, label)}</td>` : ""}
                <th scope="row">${label}</th>
                <td>${s.element_id ? elementLabel(`${s.option_id}/${s.element_id}`) : t("staff.responses.option_label", { option: s.option_id })}${s.campaign ? html`<br><span class="muted">${t("staff.responses.in_campaign")}</span>` : ""}</td>
                <td class="num">${s.endorsements}</td>
                ${admin
                  ? html`<td>${answerButton({ submissions: [s.id] }, label, true)}
                      ${s.campaign
                        ? html`<button type="button" class="button button--small button--secondary" data-action="answer-campaign"
                            aria-label=${t("staff.responses.answer_campaign_label", { what: label })}
                            @click=${() => answerThese({ campaigns: [s.campaign] }, campaignLabel(s.campaign))}>${t("staff.responses.answer_campaign")}</button>`
                        : ""}</td>`
                  : ""}
              </tr>`;
            })}</tbody>
          </table>`
        : ""}
    </section>`;
  }

  // --- the answer form --------------------------------------------------------------------

  function texts(data, prefix) {
    const text = {};
    for (const code of languages) {
      const value = String(data.get(`${prefix}${code}`) || "").trim();
      if (value) text[code] = value;
    }
    return text;
  }

  async function save(event) {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    if (!selectedCount(selection)) {
      formError = { message: t("staff.responses.nothing_selected") };
      draw();
      main.querySelector("#response-problems")?.focus();
      return;
    }
    const body = { status: data.get("status"), text: texts(data, "text."), links: apiLinks(selection) };
    try {
      await staff("POST", `${base}/responses`, { body });
      formError = null;
      form.reset();
      selection = emptySelection();
      chosen = [];
      // the selection came from the address: do not select it again on a reload
      if (location.hash.includes("?")) history.replaceState(null, "", location.hash.split("?")[0]);
      announce(t("staff.responses.saved"));
      await load();
    } catch (caught) {
      formError = caught;
      draw();
      main.querySelector("#response-problems")?.focus();
    }
  }

  // What a response answers, as ticked boxes: `rows` stay listed when unticked (focus stays).
  function chosenView(rows, isChecked, prefix, onToggle) {
    if (!rows.length) return html`<p id=${`${prefix}-none`}>${t("staff.responses.nothing_selected")}</p>`;
    return html`<ul class="chosen">${rows.map(([kind, value]) => {
      const id = `${prefix}-${kind}-${value}`.replace(/[^A-Za-z0-9_-]/g, "-");
      return html`<li class="check">
        <input type="checkbox" id=${id} data-kind=${kind} value=${value} .checked=${live(isChecked(kind, value))}
          @change=${(event) => onToggle(kind, value, event.target.checked)}>
        <label for=${id}>${t(`staff.responses.kind_${kind}`)}: ${linkLabel(kind, value)}</label>
      </li>`;
    })}</ul>`;
  }

  function rowsOf(current) {
    return KINDS.flatMap((kind) => [...current[kind]].map((value) => [kind, value]));
  }

  function addRows(rows, more) {
    const seen = new Set(rows.map((row) => row.join(" ")));
    return [...rows, ...more.filter((row) => !seen.has(row.join(" ")))];
  }

  function form() {
    if (!can(ADMIN)) return "";
    if (!answerable()) return html`<p class="notice">${t("staff.responses.not_closed")}</p>`;
    const n = selectedCount(selection);
    return html`<form class="stack" id="response-form" aria-labelledby="response-form-heading" @submit=${save}>
      <h2 id="response-form-heading" tabindex="-1" ?data-autofocus=${preselected}>${t("staff.responses.new")}</h2>
      ${problemList(formError, "response-problems")}
      <fieldset id="response-chosen">
        <legend>${t("staff.responses.answers_what", { n })}</legend>
        ${chosenView(chosen, (kind, value) => selection[kind].has(value), "chosen", toggle)}
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

  // --- editing a response -----------------------------------------------------------------

  function startEdit(r) {
    const links = selectionOf(r.links);
    editing.set(r.id, { links, rows: rowsOf(links), error: null, conflict: null });
    draw();
    main.querySelector(`#edit-heading-${r.id}`)?.focus();
  }

  async function stopEdit(r) {
    const stale = editing.get(r.id)?.conflict;
    editing.delete(r.id);
    if (stale) await load(); // keep theirs: show it, and edit from it next time
    else draw();
    main.querySelector(`[data-response="${r.id}"] [data-action=edit]`)?.focus();
  }

  async function saveEdit(event, r) {
    event.preventDefault();
    const state = editing.get(r.id);
    const data = new FormData(event.target);
    // after a 409 the version is the one shown in the warning: saving again replaces it
    const version = state.conflict ? state.conflict.version : r.version;
    const before = state.conflict ? state.conflict.status : r.status;
    const body = { status: data.get("status"), text: texts(data, "text."), links: apiLinks(state.links), version };
    try {
      const changed = await staff("PUT", `${base}/responses/${encodeURIComponent(r.id)}`, { body });
      editing.delete(r.id);
      histories.delete(r.id);
      const told = published() && changed.status !== before;
      await load();
      main.querySelector(`[data-response="${r.id}"] [data-action=edit]`)?.focus();
      announce(t(told ? "staff.responses.updated_told" : "staff.responses.updated", { version: changed.version }));
    } catch (caught) {
      if (caught.status === 409) {
        // someone changed it meanwhile: read theirs, keep what was typed (the form stays as it is)
        let current = null;
        try {
          const { items } = await staff("GET", `${base}/responses`);
          current = items.find((item) => item.id === r.id) || null;
        } catch {
          current = null;
        }
        // a newer version: theirs is shown; otherwise (e.g. the consultation changed) the API's words
        const newer = current && current.version !== version;
        state.conflict = newer ? current : null;
        state.error = newer ? null : caught;
      } else {
        state.error = caught; // a conflict shown before stays: its version is the one to send
      }
      draw();
      main.querySelector(`#edit-problems-${r.id}, #edit-conflict-${r.id}`)?.focus();
    }
  }

  function conflictView(r, theirs) {
    return html`<div class="notice notice--error" role="alert" id=${`edit-conflict-${r.id}`} tabindex="-1" data-conflict=${theirs.version}>
      <p>${t("staff.responses.conflict_title")}</p>
      <p>${t("staff.responses.conflict", { version: theirs.version, status: t(`responses.status.${theirs.status}`), when: formatDate(theirs.updated_at, { dateStyle: "medium", timeStyle: "short" }) })}</p>
      <p lang=${languages[0]}>${t("staff.responses.conflict_theirs")} ${theirs.text[languages[0]] || Object.values(theirs.text)[0] || ""}</p>
      <p>${t("staff.responses.conflict_action")}</p>
    </div>`;
  }

  function editForm(r) {
    const state = editing.get(r.id);
    const note = published() ? "staff.responses.status_note_published" : "staff.responses.status_note_closed";
    const toggleLink = (kind, value, on) => {
      if (on) state.links[kind].add(value);
      else state.links[kind].delete(value);
      draw();
    };
    const isLinked = (kind, value) => state.links[kind].has(value);
    // links that may be added: what is still unanswered and not linked when the edit began
    const listed = new Set(state.rows.map((row) => row.join(" ")));
    const addable = [
      ...left.groups.filter((g) => g.element_id).map((g) => ["elements", `${g.option_id}/${g.element_id}`]),
      ...left.campaigns.filter((c) => c.submissions > 0).map((c) => ["campaigns", c.key]),
      ...left.most_endorsed.map((s) => ["submissions", s.id]),
    ].filter((row) => !listed.has(row.join(" ")));
    return html`<form class="stack response-edit" id=${`edit-${r.id}`} aria-labelledby=${`edit-heading-${r.id}`} @submit=${(event) => saveEdit(event, r)}>
      <h3 id=${`edit-heading-${r.id}`} tabindex="-1">${t("staff.responses.edit_heading")}</h3>
      ${problemList(state.error, `edit-problems-${r.id}`)} ${state.conflict ? conflictView(r, state.conflict) : ""}
      <div class="field">
        <label for=${`edit-status-${r.id}`}>${t("staff.responses.status")}</label>
        <select id=${`edit-status-${r.id}`} name="status" aria-describedby=${`edit-note-${r.id}`}>
          ${RESPONSE_STATUSES.map((s) => html`<option value=${s} ?selected=${s === r.status}>${t(`responses.status.${s}`)}</option>`)}
        </select>
        <p class="hint" id=${`edit-note-${r.id}`}>${t(note)}</p>
      </div>
      ${languages.map(
        (code) => html`<div class="field">
          <label for=${`edit-${r.id}-${code}`}>${t("staff.responses.text_in", { language: t(`staff.languages.${code}`) })}</label>
          <textarea id=${`edit-${r.id}-${code}`} name=${`text.${code}`} lang=${code} rows="3" ?required=${code === languages[0]} .value=${r.text[code] || ""}></textarea>
        </div>`,
      )}
      <fieldset>
        <legend>${t("staff.responses.edit_links")}</legend>
        ${chosenView(state.rows, isLinked, `edit-${r.id}-link`, toggleLink)}
        ${addable.length
          ? html`<details>
              <summary>${t("staff.responses.add_links")}</summary>
              ${chosenView(addable, isLinked, `edit-${r.id}-add`, toggleLink)}
            </details>`
          : ""}
      </fieldset>
      <div class="button-row">
        <button type="submit" class="button" aria-describedby=${`edit-note-${r.id}`}>${t("staff.responses.save_changes")}</button>
        <button type="button" class="button button--secondary" @click=${() => stopEdit(r)}>${t("staff.cancel")}</button>
      </div>
    </form>`;
  }

  // --- history ------------------------------------------------------------------------------

  async function toggleHistory(r) {
    if (histories.has(r.id)) {
      histories.delete(r.id);
      draw();
      return;
    }
    histories.set(r.id, { items: null, error: null });
    draw();
    try {
      const page = await staff("GET", "/staff/audit", { query: { cid, target: `${cid}/responses/${r.id}`, limit: 100 } });
      histories.set(r.id, { items: page.items, error: null });
    } catch (caught) {
      histories.set(r.id, { items: [], error: caught });
    }
    draw();
    main.querySelector(`#history-${r.id}`)?.focus();
  }

  function historyEntry(e) {
    const who = e.email || e.subject;
    const at = formatDate(e.at, { dateStyle: "medium", timeStyle: "short" });
    const after = e.after || {};
    const before = e.before || {};
    let what;
    if (e.action === "response.create") what = t("staff.responses.history_created", { status: t(`responses.status.${after.status}`) });
    else if (before.status !== after.status) {
      what = t("staff.responses.history_status", { before: t(`responses.status.${before.status}`), after: t(`responses.status.${after.status}`) });
    } else what = t("staff.responses.history_changed");
    return html`<li data-version=${after.version ?? ""}>
      <strong>${t("staff.responses.history_version", { version: after.version ?? "?" })}</strong> · ${at} · ${who}: ${what}
    </li>`;
  }

  function historyView(r) {
    const shown = histories.get(r.id);
    if (!shown) return "";
    return html`<section class="history" id=${`history-${r.id}`} tabindex="-1" aria-labelledby=${`history-heading-${r.id}`}>
      <h3 id=${`history-heading-${r.id}`}>${t("staff.responses.history")}</h3>
      ${problemList(shown.error, `history-problems-${r.id}`)}
      ${shown.items === null
        ? html`<p>${t("staff.responses.history_loading")}</p>`
        : html`<ol class="history__list">${shown.items.map(historyEntry)}</ol>`}
    </section>`;
  }

  // --- responses written --------------------------------------------------------------------

  function linksSummary(r) {
    const l = r.links;
    const parts = [];
    if (l.submissions.length) parts.push(t("staff.responses.n_submissions", { n: l.submissions.length }));
    if (l.elements.length) parts.push(l.elements.map((e) => elementLabel(`${e.option_id}/${e.element_id}`)).join(", "));
    if (l.campaigns.length) parts.push(l.campaigns.map(campaignLabel).join(", "));
    if (l.options.length) parts.push(l.options.map((o) => t("staff.responses.option_label", { option: o })).join(", "));
    return parts.join(" · ");
  }

  function writtenView(r) {
    const first = languages.find((code) => r.text[code]) || Object.keys(r.text)[0];
    return html`<li class="card" data-response=${r.id} data-status=${r.status} data-version=${r.version}>
      <h3 class="response-title">${t(`responses.status.${r.status}`)}</h3>
      <p>${t("staff.responses.answered", { n: r.answered })} · ${t("staff.responses.version", { version: r.version, when: formatDate(r.updated_at, { dateStyle: "medium", timeStyle: "short" }) })}</p>
      <p lang=${first || "en"}>${r.text[first] || ""}</p>
      <p class="muted">${linksSummary(r)}</p>
      ${can(ADMIN)
        ? html`<div class="button-row">
            ${answerable() && !editing.has(r.id)
              ? html`<button type="button" class="button button--small button--secondary" data-action="edit" aria-label=${t("staff.responses.edit_label", { status: t(`responses.status.${r.status}`) })}
                  @click=${() => startEdit(r)}>${t("staff.responses.edit")}</button>`
              : ""}
            <button type="button" class="button button--small button--secondary" data-action="history" aria-expanded=${histories.has(r.id) ? "true" : "false"}
              aria-controls=${`history-${r.id}`} @click=${() => toggleHistory(r)}>${t("staff.responses.history_button")}</button>
          </div>`
        : ""}
      ${editing.has(r.id) ? editForm(r) : ""}
      ${historyView(r)}
    </li>`;
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
              ${unansweredView()} ${form()}`
          : ""}
        <h2>${t("staff.responses.written")}</h2>
        ${written.length ? html`<ul class="cards">${written.map(writtenView)}</ul>` : html`<p>${t("staff.responses.none")}</p>`}`,
      main,
    );
  }
  await load();
  if (preselected) announce(t("staff.responses.preselected", { n: selectedCount(selection) }));
}
