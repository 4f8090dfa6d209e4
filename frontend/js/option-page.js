// The option page: the option (a street section or a map), its comments per element, the comment
// form, and the alternative editor. Everything typed is kept (state and localStorage) until the
// API has stored it; a failed request is retried with the same Idempotency-Key.
import { html } from "../vendor/lit-html/lit-html.js";
import { newKey, post, rememberSubmission, request, storage } from "./api.js";
import { countsText, errorText, outcomeView } from "./common.js";
import { currentLang, formatDate, formatMetres, formatNumber, localized, t } from "./i18n.js";
import { homeHref, responsesHref, startPage, text } from "./shell.js";
import { FLAG_REASONS, LANGUAGE_TAG_PATTERN, STANCES } from "../generated/values.js";
import { prerendered } from "./prerendered.js";
// The section modules and the catalogue load only for a section option (a map page skips them).
let model = null;
let ui = null;
let validateSection = null;
let editor = null; // section/editor.js

const params = new URLSearchParams(location.search);
const optionId = params.get("o") || prerendered()?.option?.id || "a";
// A pre-rendered page names its option's kind: its chunk (already preloaded by the head) is
// evaluated now, while the language loads, not after the page's first drawing.
const KIND_CODE = { section: () => import("./section/section.js"), map: () => import("./map/map.js") };
const early = prerendered()?.option?.id === optionId ? KIND_CODE[prerendered().option.kind]?.() : null;
early?.catch(() => {}); // a failure shows when load() awaits it

const state = {
  consultation: null,
  option: null,
  catalogue: null,
  error: null,
  mode: params.get("mode") === "edit" ? "edit" : "view",
  selected: null,
  point: null, // section: metres from the left; map: [lon, lat]
  usePoint: false,
  list: { sort: "newest", items: [], cursor: null, loading: false, error: null, key: "" },
  comment: { text: "", stance: "", email: "", key: null, sending: false, errors: {}, message: "" },
  alt: { text: "", stance: "", email: "", key: null, sending: false, errors: {}, message: "", mapPlan: null },
  editor: null, // model.History
  announcement: "",
  flag: null, // {id, reason, error}
  reactions: storage.get("sayso.reactions", {}), // submission id → {endorsed, flagged}
};

let context;
const cid = () => context.config.consultation;
const wipKey = () => `sayso.wip.${cid()}.${optionId}`;
const refresh = () => context.refresh();

function announce(message) {
  // Re-set so the same words are spoken twice in a row.
  state.announcement = "";
  refresh();
  requestAnimationFrame(() => {
    state.announcement = message;
    refresh();
  });
}

// ---- loading ---------------------------------------------------------------------------------

async function load() {
  try {
    const first = prerendered(); // a pre-rendered page has both: no round trip for them
    const [consultation, option] = first?.option?.id === optionId ? [first.consultation, first.option] : await Promise.all([
      request("GET", `/consultations/${encodeURIComponent(cid())}`),
      request("GET", `/consultations/${encodeURIComponent(cid())}/options/${encodeURIComponent(optionId)}`),
    ]);
    if (option.kind === "section") {
      const section = await (early || KIND_CODE.section()); // the catalogue is in its chunk
      ({ model, ui, editor, validateSection } = section);
      const catalogue = section.catalogue;
      catalogue.byName ??= new Map(catalogue.types.map((type) => [type.name, type]));
      state.catalogue = catalogue;
      editor.bind({ state, refresh, announce, saveWip, select, focusSegment });
    }
    Object.assign(state, { consultation, option });
    const wip = storage.get(wipKey());
    if (option.kind === "section") {
      state.editor = new model.History(model.canonical(wip?.plan || option.plan));
      if (state.mode === "edit") state.selected = state.editor.plan.segments[0]?.id ?? null;
    } else if (wip?.plan) state.alt.mapPlan = wip.plan;
    if (wip) Object.assign(state.alt, { text: wip.text || "", stance: wip.stance || "", key: wip.key || null });
  } catch (error) {
    state.error = error.status === 404 ? t("option.not_found") : t("errors.load");
  }
  refresh();
  loadList();
}

async function loadList(more = false) {
  if (state.mode !== "view") return; // the editor shows no list
  const list = state.list;
  const key = `${state.selected}|${list.sort}`;
  if (!more) Object.assign(list, { items: [], cursor: null, key });
  list.loading = true;
  list.error = null;
  refresh();
  try {
    const page = await request("GET", `/consultations/${encodeURIComponent(cid())}/submissions`, {
      query: { option: optionId, element: state.selected || "", sort: list.sort, limit: 20, cursor: more ? list.cursor : "" },
    });
    if (list.key !== key) return; // the selection changed meanwhile
    list.items = more ? [...list.items, ...page.items] : page.items;
    list.cursor = page.next_cursor;
  } catch (error) {
    list.error = errorText(error);
  } finally {
    list.loading = false;
    refresh();
  }
}

function saveWip() {
  const plan = state.option.kind === "section" ? state.editor.plan : state.alt.mapPlan;
  storage.set(wipKey(), { plan, text: state.alt.text, stance: state.alt.stance, key: state.alt.key });
}

// ---- selection ---------------------------------------------------------------------------------

function elementName(id) {
  if (!id) return "";
  if (state.option.kind === "section") {
    const plan = state.mode === "edit" ? state.editor.plan : state.option.plan;
    const segment = plan.segments.find((s) => s.id === id) || state.option.plan.segments.find((s) => s.id === id);
    if (!segment) return id;
    const index = plan.segments.indexOf(segment);
    return t("section.segment_name", { n: index + 1, name: ui.segmentLabel(state.catalogue, segment.type) });
  }
  const feature = state.option.plan.features.find((f) => String(f.id) === id);
  return feature?.properties?.name || id;
}

function select(id, { focus = false } = {}) {
  if (state.selected === id) return;
  state.selected = id;
  refresh();
  loadList();
  if (focus) focusSegment(id);
}

function focusSegment(id) {
  requestAnimationFrame(() => document.getElementById(`seg-${id}`)?.focus());
}

// ---- submitting ----------------------------------------------------------------------------------

async function send(form, body) {
  // form: state.comment or state.alt; key kept until stored, so a retry is the same request
  form.key = form.key || newKey();
  form.sending = true;
  form.errors = {};
  form.message = "";
  if (form === state.alt) saveWip();
  refresh();
  try {
    // with the resident token: the resident can later download or erase all they sent
    const created = await post(`/consultations/${encodeURIComponent(cid())}/submissions`, body, { idempotencyKey: form.key, resident: true });
    rememberSubmission({ id: created.id, cid: cid(), option_id: optionId, kind: body.kind, edit_token: created.edit_token, created_at: created.created_at });
    form.key = null;
    form.text = "";
    form.stance = "";
    form.email = "";
    form.message = created.status === "pending" ? t("form.sent_pending") : t("form.sent");
    form.sentId = created.id;
    return created;
  } catch (error) {
    if (error.status === 422 || error.status === 413) {
      form.key = null; // a corrected request is a new one
      form.errors = error.fieldMessages();
    } else {
      form.errors = { "": errorText(error) };
      form.retry = error.network || error.status === 429 || error.status >= 500;
    }
    return null;
  } finally {
    form.sending = false;
    refresh();
  }
}

async function sendComment(event) {
  event.preventDefault();
  const form = state.comment;
  if (!form.text.trim()) {
    form.errors = { text: t("form.text_missing") };
    refresh();
    document.getElementById("comment-text")?.focus();
    return;
  }
  if (!emailChecked(form, "comment")) return;
  const body = { option_id: optionId, kind: "comment", text: form.text, ...contact(form) };
  if (state.selected) body.element_id = state.selected;
  if (form.stance) body.stance = form.stance;
  if (state.option.kind === "map" && state.point) body.point = state.point;
  if (state.option.kind === "section" && state.usePoint && typeof state.point === "number") body.point = state.point;
  const created = await send(form, body);
  if (created) {
    state.point = null; // the next comment starts without this one's pin or point
    state.usePoint = false;
    announce(form.message);
    loadList();
    requestAnimationFrame(() => document.getElementById("comment-sent")?.focus());
  } else focusFirstError("comment");
}

async function sendAlternative(event) {
  event.preventDefault();
  const form = state.alt;
  const problems = state.option.kind === "section" ? validateSection(state.editor.plan, state.catalogue) : [];
  if (problems.length) {
    form.errors = { "": t("editor.fix_first") };
    refresh();
    requestAnimationFrame(() => document.getElementById("problems")?.focus());
    return;
  }
  if (!form.text.trim()) {
    form.errors = { text: t("form.text_missing") };
    refresh();
    document.getElementById("alt-text")?.focus();
    return;
  }
  if (!emailChecked(form, "alt")) return;
  const body = { option_id: optionId, kind: "alternative", text: form.text, ...contact(form) };
  // A map goes as its edit (map/plan-edit.js planEdit): a large network does not fit whole.
  if (state.option.kind === "section") body.plan = state.editor.plan;
  else {
    const edits = await import("./map/map.js");
    body.plan_edit = edits.planEdit(state.option.plan, state.alt.mapPlan || state.option.plan);
  }
  if (form.stance) body.stance = form.stance;
  const created = await send(form, body);
  if (created) {
    storage.remove(wipKey());
    if (state.option.kind === "section") state.editor = new model.History(model.canonical(state.option.plan));
    state.alt.mapPlan = null;
    announce(form.message);
    refresh();
    requestAnimationFrame(() => document.getElementById("alt-sent")?.focus());
  } else focusFirstError("alt");
}

// The optional email: checked as the browser reads type=email before sending (the API checks it
// again); sent with the page's language, in which the outcome email is written.
function emailChecked(form, prefix) {
  const input = document.getElementById(`${prefix}-email`);
  if (!form.email.trim() || !input || input.checkValidity()) return true;
  form.errors = { email: t("form.email_invalid") };
  refresh();
  input.focus();
  return false;
}

// A language tag as the API takes it: not the pseudo-locale.
const LANGUAGE_TAG = new RegExp(LANGUAGE_TAG_PATTERN);

function contact(form) {
  const email = form.email.trim();
  if (!email) return {};
  return LANGUAGE_TAG.test(currentLang()) ? { email, language: currentLang() } : { email };
}

function focusFirstError(prefix) {
  requestAnimationFrame(() => document.querySelector(`#${prefix}-form [aria-invalid="true"], #${prefix}-form .form-error`)?.focus());
}

// ---- reactions -------------------------------------------------------------------------------------

function saveReactions() {
  storage.set("sayso.reactions", state.reactions);
}

// This browser endorsed an earlier version of the item: its author changed it since (the
// endorsement counts for what it said then; endorsing again supports what it says now).
function endorsedEarlier(item, mine) {
  return !!mine.endorsed && (mine.version || 1) < (item.version || 1);
}

async function toggleEndorse(item) {
  const mine = state.reactions[item.id] || {};
  const path = `/consultations/${encodeURIComponent(cid())}/submissions/${encodeURIComponent(item.id)}/endorsements`;
  const again = endorsedEarlier(item, mine);
  try {
    const result = mine.endorsed && !again
      ? await request("DELETE", path, { resident: true })
      : await post(path, undefined, { resident: true });
    state.reactions[item.id] = { ...mine, endorsed: result.endorsed, version: item.version || 1 };
    if (result.changed) item.endorsements += result.endorsed ? 1 : -1;
    if (result.changed && again) item.endorsements_earlier_versions = Math.max(0, (item.endorsements_earlier_versions || 0) - 1);
    saveReactions();
    announce(result.endorsed ? t("list.endorsed") : t("list.unendorsed"));
  } catch (error) {
    item.error = errorText(error);
    refresh();
  }
}

async function sendFlag(event) {
  event.preventDefault();
  const flag = state.flag;
  const reason = event.target.elements.reason.value;
  if (!reason) {
    flag.error = t("flag.reason_missing");
    refresh();
    return;
  }
  try {
    await post(`/consultations/${encodeURIComponent(cid())}/submissions/${encodeURIComponent(flag.id)}/flags`, { reason }, { resident: true });
    state.reactions[flag.id] = { ...(state.reactions[flag.id] || {}), flagged: true };
    saveReactions();
    closeFlag(t("flag.done"));
  } catch (error) {
    flag.error = error.fieldMessages().reason || errorText(error);
    refresh();
  }
}

function openFlag(item, opener) {
  state.flag = { id: item.id, error: "", opener };
  refresh();
  requestAnimationFrame(() => {
    const dialog = document.getElementById("flag-dialog");
    if (dialog && !dialog.open) dialog.showModal();
  });
}

function closeFlag(message) {
  const opener = state.flag?.opener;
  document.getElementById("flag-dialog")?.close();
  state.flag = null;
  refresh();
  if (message) announce(message);
  opener?.focus();
}

// ---- views ---------------------------------------------------------------------------------------

function fieldError(form, field, id) {
  const message = form.errors[field];
  return message ? html`<p id=${id} class="field-error" lang=${currentLang() === "en" ? "en" : "en"}>${message}</p>` : "";
}

function formLevelErrors(form, prefix) {
  const known = new Set(["text", "stance", "point", "element_id", "plan", "email"]);
  const other = Object.entries(form.errors).filter(([field]) => !known.has(field) && !field.startsWith("plan"));
  const plan = Object.entries(form.errors).filter(([field]) => field === "plan" || field.startsWith("plan"));
  const messages = [...other, ...plan].map(([, message]) => message);
  if (!messages.length) return "";
  return html`<div class="form-error" role="alert" tabindex="-1" id="${prefix}-error">
    ${messages.map((m) => html`<p>${m}</p>`)}
    ${form.retry ? html`<p>${t("form.retry_hint")}</p>` : ""}
  </div>`;
}

function stanceField(form, prefix) {
  return html`<fieldset class="stance">
    <legend>${t("form.stance")}</legend>
    ${STANCES.map(
      (s) => html`<label class="choice"><input type="radio" name="${prefix}-stance" value=${s} .checked=${form.stance === s}
        @change=${() => { form.stance = s; if (form === state.alt) saveWip(); }} /> ${t(`stance.${s}`)}</label>`,
    )}
  </fieldset>`;
}

function textField(form, prefix, label) {
  const invalid = !!form.errors.text;
  return html`<label for="${prefix}-text">${label}</label>
    <textarea id="${prefix}-text" name="text" rows="4" maxlength="5000" required
      aria-invalid=${invalid ? "true" : "false"} aria-describedby=${invalid ? `${prefix}-text-error` : `${prefix}-text-hint`}
      .value=${form.text} @input=${(e) => { form.text = e.target.value; if (form === state.alt) saveWip(); }}></textarea>
    <p id="${prefix}-text-hint" class="hint">${t("form.text_hint")}</p>
    ${fieldError(form, "text", `${prefix}-text-error`)}`;
}

function emailField(form, prefix) {
  const id = `${prefix}-email`;
  const invalid = !!form.errors.email;
  const days = state.consultation?.email_kept_days;
  const hint = typeof days === "number" ? t("form.email_hint", { days: formatNumber(days) }) : t("form.email_hint_plain");
  return html`<label for=${id}>${t("form.email_label")}</label>
    <input id=${id} name="email" type="email" autocomplete="email" maxlength="254" spellcheck="false"
      aria-invalid=${invalid ? "true" : "false"} aria-describedby=${invalid ? `${id}-error ${id}-hint` : `${id}-hint`}
      .value=${form.email} @input=${(e) => { form.email = e.target.value; }} />
    <p id="${id}-hint" class="hint">${hint}</p>
    ${fieldError(form, "email", `${id}-error`)}`;
}

// Whether residents may send now: the consultation says so, and its closing time has not passed
// since it was read (a pre-rendered page's data may predate the closing by hours).
function accepting() {
  const c = state.consultation;
  return !c || (c.accepting_submissions !== false && !(Date.parse(c.closes_at) <= Date.now()));
}

function closedNote(id) {
  return html`<p class="note card" id=${id}>${t("option.closed_note")}</p>`;
}

function commentForm() {
  if (!accepting()) return closedNote("comment-closed");
  const form = state.comment;
  const option = state.option;
  const about = state.selected ? elementName(state.selected) : t("form.about_option");
  return html`<form id="comment-form" class="stack card" @submit=${sendComment} novalidate>
    <h2>${t("form.comment_heading")}</h2>
    <p>${t("form.about", { what: about })}</p>
    ${option.kind === "section" && state.selected
      ? html`<label class="choice"><input type="checkbox" .checked=${state.usePoint} @change=${(e) => { state.usePoint = e.target.checked; if (state.point === null) state.point = 0; refresh(); }} />
          ${t("form.use_point")}</label>
          ${state.usePoint
            ? html`<label for="comment-point">${t("form.point_label")}</label>
                <input id="comment-point" type="number" inputmode="decimal" min="0" max=${option.plan.width} step="0.1"
                  aria-describedby="comment-point-hint" .value=${String(state.point ?? 0)}
                  @input=${(e) => { state.point = Number(e.target.value); refresh(); }} />
                <p id="comment-point-hint" class="hint">${t("form.point_hint", { width: formatMetres(option.plan.width) })}</p>
                ${fieldError(form, "point", "comment-point-error")}`
            : ""}`
      : ""}
    ${option.kind === "map" && state.point
      ? html`<p>${t("form.pin_set")} <button type="button" class="link" @click=${() => { state.point = null; refresh(); }}>${t("form.pin_clear")}</button></p>`
      : ""}
    ${textField(form, "comment", t("form.comment_label"))} ${stanceField(form, "comment")} ${emailField(form, "comment")}
    <div class="honeypot" aria-hidden="true"><label for="comment-website">Website</label><input id="comment-website" name="website" tabindex="-1" autocomplete="off" /></div>
    ${formLevelErrors(form, "comment")}
    <div class="actions">
      <button type="submit" ?disabled=${form.sending}>${form.sending ? t("form.sending") : form.retry ? t("form.retry") : t("form.send_comment")}</button>
    </div>
    ${form.message ? html`<p id="comment-sent" class="note" tabindex="-1">${form.message} <a href=${homeHref() + "#mine-heading"}>${t("form.see_mine")}</a></p>` : ""}
  </form>`;
}

// ---- what the agency answered (once the outcome is published) --------------------------------

function answerLinks(refs) {
  return refs.map((ref, i) => html`${i ? ", " : ""}<a href=${responsesHref(ref.id)}>${t(`responses.status.${ref.status}`)}</a>`);
}

/** Element id → the responses that link to it (the option document's answered_elements). */
function answeredElements() {
  return new Map((state.option.answered_elements || []).map((a) => [a.element_id, a.answered_by]));
}

/** Words for an answered element, spoken with it in the segment or feature list. */
function answeredWords(refs) {
  return `${t("responses.answered_label")} ${refs.map((ref) => t(`responses.status.${ref.status}`)).join(", ")}`;
}

function answeredElementsView() {
  const answered = state.option.answered_elements || [];
  if (!answered.length || state.mode !== "view") return "";
  return html`<section class="answered-elements" aria-labelledby="answered-heading">
    <h2 id="answered-heading">${t("responses.elements_heading")}</h2>
    <ul>${answered.map((a) => html`<li data-element=${a.element_id}><span aria-hidden="true">✓</span> ${elementName(a.element_id)}: ${answerLinks(a.answered_by)}</li>`)}</ul>
  </section>`;
}

function submissionItem(item) {
  const mine = state.reactions[item.id] || {};
  const earlier = endorsedEarlier(item, mine);
  return html`<li class="card submission" data-submission=${item.id}>
    <p class="meta">
      ${t(`kind.${item.kind}`)}${item.element_id ? ` · ${elementName(item.element_id)}` : ""}${item.stance ? ` · ${t(`stance.${item.stance}`)}` : ""}
      · <time datetime=${item.created_at}>${formatDate(item.created_at, { dateStyle: "medium" })}</time>
      ${item.edited_at ? html` · <time class="edited" datetime=${item.edited_at}>${t("list.edited", { date: formatDate(item.edited_at, { dateStyle: "medium" }) })}</time>` : ""}
    </p>
    <p class="submission-text">${item.text}</p>
    ${item.answered_by?.length
      ? html`<p class="answered"><span aria-hidden="true">✓</span> ${t("responses.answered_this")} ${answerLinks(item.answered_by)}</p>`
      : ""}
    ${item.endorsements_earlier_versions ? html`<p class="meta earlier-endorsements">${t("list.earlier_versions", { n: formatNumber(item.endorsements_earlier_versions) })}</p>` : ""}
    ${earlier ? html`<p class="note changed-since">${t("list.changed_since_endorsed")}</p>` : ""}
    ${item.diff ? (state.option.kind === "section" ? alternativeView(item) : mapAlternativeView(item)) : ""}
    <div class="actions">
      <button type="button" class="secondary" aria-pressed=${mine.endorsed && !earlier ? "true" : "false"} @click=${() => toggleEndorse(item)}>
        ${earlier ? t("list.endorse_again") : mine.endorsed ? t("list.endorsed_button") : t("list.endorse")} (${formatNumber(item.endorsements)})
      </button>
      <button type="button" class="secondary" ?disabled=${mine.flagged} @click=${(e) => openFlag(item, e.currentTarget)}>
        ${mine.flagged ? t("list.flagged") : t("list.flag")}
      </button>
    </div>
    ${item.error ? html`<p class="field-error" role="alert">${item.error}</p>` : ""}
  </li>`;
}

async function showAlternative(item) {
  item.open = !item.open;
  if (item.open && !item.plan) {
    try {
      const whole = await request("GET", `/consultations/${encodeURIComponent(cid())}/submissions/${encodeURIComponent(item.id)}`);
      item.plan = whole.plan;
      item.diff = whole.diff; // a listing may carry a cut diff (complete: false)
    } catch (error) {
      item.error = errorText(error);
    }
  }
  refresh();
}

// Another resident's alternative: its street drawn, the changed parts marked, and the diff listed.
function alternativeView(item) {
  const d = item.diff;
  const marks = new Set([...(d.added || []), ...(d.resized || []), ...(d.moved || []), ...(d.revarianted || [])].map((r) => r.id));
  return html`<div class="alternative">
    <button type="button" class="secondary" aria-expanded=${item.open ? "true" : "false"} @click=${() => showAlternative(item)}>
      ${t("diff.show")}
    </button>
    ${item.open && item.plan ? html`${compareView(item.plan, marks)} ${serverDiffView(d)}` : ""}
  </div>`;
}

// Before (the option) and after (the alternative) drawn at one scale, the changed parts marked.
function compareView(plan, marks) {
  const after = model.canonical(plan);
  const before = state.option.plan;
  const span = Math.max(before.width, after.width, model.occupied(before), model.occupied(after));
  const common = { catalogue: state.catalogue, selectedId: null, mode: "view", point: null, span, onPointerDown: () => {} };
  return html`<div class="compare">
    <h4>${t("section.before")}</h4>
    ${ui.sectionDrawing({ ...common, plan: before })}
    <h4>${t("section.after")}</h4>
    ${ui.sectionDrawing({ ...common, plan: after, marks, label: t("diff.drawing", { n: marks.size }) })}
  </div>`;
}

// Another resident's map alternative: drawn read-only ("compare"), its moved, new and removed
// stops marked on the map and in its list, with the diff in words below. The plan is rebuilt
// from the listed diff, so no extra request is needed.
const compareMaps = new Map(); // submission id -> the mounted map

function mapAlternativeView(item) {
  return html`<div class="alternative">
    <button type="button" class="secondary" aria-expanded=${item.open ? "true" : "false"}
      @click=${() => showMapAlternative(item)}>${t("diff.show")}</button>
    ${item.open ? html`<div class="map-host compare-map" data-compare=${item.id}></div>` : ""}
    ${mapDiffView(item.diff)}
  </div>`;
}

// A large alternative comes cut in the listing (diff.complete === false): fetch its whole diff
// before drawing it.
async function showMapAlternative(item) {
  item.open = !item.open;
  if (item.open && item.diff.complete === false) {
    try {
      item.diff = (await request("GET", `/consultations/${encodeURIComponent(cid())}/submissions/${encodeURIComponent(item.id)}`)).diff;
    } catch (error) {
      item.open = false;
      item.error = errorText(error);
    }
  }
  refresh();
}

async function mountCompareMaps() {
  for (const [id, handle] of compareMaps) {
    if (!handle.host.isConnected) {
      handle.destroy();
      compareMaps.delete(id);
    }
  }
  const hosts = [...document.querySelectorAll("[data-compare]")].filter((host) => !compareMaps.has(host.dataset.compare));
  if (!hosts.length) return;
  const maps = await import("./map/map.js");
  const edits = maps;
  for (const host of hosts) {
    const id = host.dataset.compare;
    const item = state.list.items.find((candidate) => candidate.id === id);
    if (!item || !host.isConnected || compareMaps.has(id)) continue;
    const handle = maps.mountMapOption(host, {
      option: state.option,
      t,
      lang: currentLang(),
      config: context.config,
      mode: "compare",
      label: t("diff.map_label", { n: state.list.items.indexOf(item) + 1 }),
      selected: null,
      plan: edits.planFromDiff(state.option.plan, item.diff),
      onSelect: () => {},
      onPin: () => {},
      onPlanChange: () => {},
    });
    handle.host = host;
    compareMaps.set(id, handle);
  }
}

function mapDiffView(d) {
  const name = (r) => r.name || r.properties?.name || elementName(r.id);
  const rows = [
    ...(d.added || []).map((r) => t("diff.added_feature", { name: name(r) })),
    ...(d.removed || []).map((r) => t("diff.removed", { name: name(r) })),
    ...(d.moved || []).flatMap((r) =>
      r.routes?.length
        ? r.routes.map((route) => routeSentence(name(r), route))
        : [t("diff.moved_feature", { name: name(r), distance: formatMetres(Math.round(r.distance_m ?? 0)) })],
    ),
  ];
  return rows.length ? html`<ul class="diff">${rows.map((r) => html`<li>${r}</li>`)}</ul>` : "";
}

// A re-routed line (diff.py RouteChange): "Dominion Road light rail: route changed between
// Balmoral and Mt Roskill, 420 m longer"; a MultiLineString's part is named "<line>, part 2".
function routeSentence(lineName, route) {
  const name = route.part == null ? lineName : t("diff.route_part", { name: lineName, n: route.part + 1 });
  const metres = Math.round(route.length_change_m ?? 0);
  const distance = t("units.metres", { n: formatNumber(Math.abs(metres)) });
  const length = metres === 0 ? t("diff.same_length") : t(metres > 0 ? "diff.longer" : "diff.shorter", { distance });
  if (route.start == null || route.end == null) return t("diff.route_changed", { name, length });
  if (route.start === route.end) return t("diff.route_near", { name, stop: route.start, length });
  return t("diff.route_between", { name, start: route.start, end: route.end, length });
}

function serverDiffView(d) {
  const rows = [];
  for (const a of d.added || []) rows.push(t("diff.added", { name: ui.segmentLabel(state.catalogue, a.segment?.type || a.type || ""), width: formatMetres(a.segment?.width ?? a.width ?? 0) }));
  for (const r of d.removed || []) rows.push(t("diff.removed", { name: elementName(r.id) }));
  for (const r of d.resized || []) rows.push(t("diff.resized", { name: elementName(r.id), old: formatMetres(r.old_width), new: formatMetres(r.new_width) }));
  for (const m of d.moved || []) rows.push(t("diff.moved", { name: elementName(m.id), from: m.old_index + 1, to: m.new_index + 1 }));
  if (!rows.length) return "";
  return html`<ul class="diff">${rows.map((r) => html`<li>${r}</li>`)}</ul>`;
}

function listView() {
  const list = state.list;
  const heading = state.selected ? t("list.heading_element", { name: elementName(state.selected) }) : t("list.heading_all");
  return html`<section aria-labelledby="list-heading" class="list-section">
    <h2 id="list-heading">${heading}</h2>
    <div class="field-inline">
      <label for="sort">${t("list.sort")}</label>
      <select id="sort" @change=${(e) => { list.sort = e.target.value; loadList(); }}>
        <option value="newest" ?selected=${list.sort === "newest"}>${t("list.newest")}</option>
        <option value="top" ?selected=${list.sort === "top"}>${t("list.top")}</option>
      </select>
      ${state.selected ? html`<button type="button" class="link" @click=${() => select(null)}>${t("list.show_all")}</button>` : ""}
    </div>
    ${list.error ? html`<p class="field-error" role="alert">${list.error}</p>` : ""}
    ${!list.loading && !list.items.length && !list.error ? html`<p>${t("list.none")}</p>` : ""}
    ${list.items.length ? html`<ul class="cards">${list.items.map(submissionItem)}</ul>` : ""}
    ${list.loading ? html`<p aria-busy="true">${t("shell.loading")}</p>` : ""}
    ${list.cursor ? html`<button type="button" class="secondary" @click=${() => loadList(true)}>${t("list.more")}</button>` : ""}
  </section>`;
}

function flagDialog() {
  if (!state.flag) return "";
  return html`<dialog id="flag-dialog" aria-labelledby="flag-heading" @close=${() => { if (state.flag) { const o = state.flag.opener; state.flag = null; refresh(); o?.focus(); } }}>
    <form class="stack" @submit=${sendFlag} novalidate>
      <h2 id="flag-heading">${t("flag.heading")}</h2>
      <fieldset>
        <legend>${t("flag.reason")}</legend>
        ${FLAG_REASONS.map((r) => html`<label class="choice"><input type="radio" name="reason" value=${r} /> ${t(`flag.reasons.${r}`)}</label>`)}
      </fieldset>
      ${state.flag.error ? html`<p class="field-error" role="alert">${state.flag.error}</p>` : ""}
      <div class="actions">
        <button type="submit">${t("flag.send")}</button>
        <button type="button" class="secondary" @click=${() => closeFlag()}>${t("flag.cancel")}</button>
      </div>
    </form>
  </dialog>`;
}

function alternativeForm() {
  if (!accepting()) return closedNote("alt-closed");
  const form = state.alt;
  return html`<form id="alt-form" class="stack card" @submit=${sendAlternative} novalidate>
    <h3>${t("editor.submit_heading")}</h3>
    ${textField(form, "alt", t("editor.text_label"))} ${stanceField(form, "alt")} ${emailField(form, "alt")}
    ${formLevelErrors(form, "alt")}
    <div class="actions">
      <button type="submit" ?disabled=${form.sending}>${form.sending ? t("form.sending") : form.retry ? t("form.retry") : t("editor.submit")}</button>
    </div>
    ${form.message ? html`<p id="alt-sent" class="note" tabindex="-1">${form.message} <a href=${homeHref() + "#mine-heading"}>${t("form.see_mine")}</a></p>` : ""}
  </form>`;
}

function sectionView() {
  if (state.mode === "edit") return editor.editorView(alternativeForm);
  const plan = state.option.plan;
  const answered = new Map([...answeredElements()].map(([id, refs]) => [id, answeredWords(refs)]));
  const common = { plan, catalogue: state.catalogue, selectedId: state.selected, mode: state.mode, answered };
  return html`${ui.sectionDrawing({ ...common, point: state.usePoint ? state.point : null, onPointerDown: editor.onPointerDown })}
    <p id="section-keys" class="hint">${t("section.keys")}</p>
    ${ui.segmentList({ ...common, listId: "segments", onKey: editor.onListKey, onChoose: (id) => select(id) })}`;
}

let mapHandle = null;
let mapMounting = null;

function mapView() {
  return html`<div id="map-host" class="map-host"></div>
    ${state.mode === "edit" ? alternativeForm() : ""}`;
}

async function mountMap() {
  const host = document.getElementById("map-host");
  if (!host) {
    mapHandle?.destroy();
    mapHandle = null;
    return;
  }
  const props = {
    option: state.option,
    t,
    lang: currentLang(),
    config: context.config,
    mode: state.mode,
    selected: state.selected,
    plan: state.alt.mapPlan || undefined,
    pin: state.point,
    answered: state.option.answered_elements || [],
    onSelect: (id) => select(id === null ? null : String(id)),
    onPin: (position) => {
      state.point = position;
      refresh();
    },
    onPlanChange: (plan) => {
      state.alt.mapPlan = plan;
      saveWip();
    },
  };
  if (mapHandle && mapHandle.host === host) {
    mapHandle.update({ mode: state.mode, selected: state.selected, lang: currentLang(), t, pin: state.point });
    return;
  }
  if (mapMounting) return;
  mapHandle?.destroy();
  mapHandle = null;
  mapMounting = import("./map/map.js");
  const module = await mapMounting;
  mapMounting = null;
  if (!host.isConnected) return;
  mapHandle = module.mountMapOption(host, props);
  mapHandle.host = host;
}

function modeSwitch() {
  const set = (mode) => {
    if (state.mode === mode) return;
    state.mode = mode;
    if (mode === "edit" && state.option.kind === "section" && !state.selected) state.selected = state.editor.plan.segments[0]?.id;
    if (mode === "view" && state.option.kind === "section" && !state.option.plan.segments.some((s) => s.id === state.selected)) {
      state.selected = null; // a segment of the alternative only
    }
    const url = new URL(location.href);
    if (mode === "edit") url.searchParams.set("mode", "edit");
    else url.searchParams.delete("mode");
    history.replaceState(null, "", url);
    refresh();
    loadList();
  };
  return html`<div class="mode-switch" role="group" aria-label=${t("option.mode_label")}>
    <button type="button" aria-pressed=${state.mode === "view" ? "true" : "false"} @click=${() => set("view")}>${t("option.mode_view")}</button>
    <button type="button" aria-pressed=${state.mode === "edit" ? "true" : "false"} @click=${() => set("edit")}>${t("option.mode_edit")}</button>
  </div>`;
}

function view() {
  if (state.error) return html`<h1>sayso</h1><p role="alert" class="error">${state.error}</p><p><a href=${homeHref()}>${t("option.back")}</a></p>`;
  if (!state.option) return html`<h1>sayso</h1><p aria-busy="true">${t("shell.loading")}</p>`;
  const option = state.option;
  queueMicrotask(() => option.kind === "map" && mountMap().then(mountCompareMaps));
  return html`<nav aria-label=${t("option.breadcrumb")} class="breadcrumb"><a href=${homeHref()}>${text(localized(state.consultation.title))}</a></nav>
    <h1>${text(localized(option.title))}</h1>
    <p class="meta">${t(`option.kind.${option.kind}`)} · ${countsText(option.counts)}</p>
    ${text(localized(option.summary), "p")} ${outcomeView(option.outcome, 2)}
    ${option.superseded_by ? html`<p class="note">${t("option.superseded")}</p>` : ""}
    ${option.kind === "section"
      ? html`<p class="download"><a href=${`${context.config.api_url}/consultations/${encodeURIComponent(cid())}/options/${encodeURIComponent(option.id)}/streetmix`} download>${t("option.download_streetmix")}</a></p>`
      : ""}
    ${modeSwitch()}
    <p class="intro">${state.mode === "edit" ? t(`option.edit_intro_${option.kind}`) : t(`option.view_intro_${option.kind}`)}</p>
    <div class="option-layout">
      <div class="option-main">${option.kind === "section" ? sectionView() : mapView()} ${answeredElementsView()}</div>
      ${state.mode === "view" ? html`<div class="option-side">${commentForm()} ${listView()}</div>` : ""}
    </div>
    <div class="sr-only" role="status" aria-live="polite" id="live">${state.announcement}</div>
    ${flagDialog()}`;
}

window.addEventListener("sayso:redraw", () => refresh());
context = await startPage(view, { title: () => (state.option ? localized(state.option.title).text : "sayso"), hold: true });
if (context.config) load();
