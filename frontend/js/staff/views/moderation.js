// Moderation, by keyboard: the pending, flagged and hidden queues as a list with one current
// item (roving focus). j/↓ next, k/↑ previous, a approve, h hide (a reason picked from a list),
// r restore. Focus moves to the current item; a live region says what happened. The shortcuts
// act only on the list, so Tab always leaves it.
// Copies of one campaign (the API's `campaign` key, per page) are drawn together under a
// header with "approve all N" / "hide all N…" (also Shift+A / Shift+H on any of them): one
// reasoned batch request after a confirmation that says what it will change.
// Staff who also write responses (admin) get "Answer these" on a group, "Answer" on an item and
// "Answer the comments on this element" beside the plan: each opens the responses view's
// answer form with those selected.

import { html, render } from "../../../vendor/lit-html/lit-html.js";
import { formatDate } from "../../i18n.js";
import { loadConfig, newKey } from "../../api.js";
import { staff } from "../client.js";
import { drawOption } from "../preview.js";
import { confirmAction } from "../confirm.js";
import { can } from "../session.js";
import { ADMIN, MODERATOR, problemList, tabs } from "../ui.js";
import { answerHash } from "./responses.js";

const QUEUES = ["pending", "flagged", "hidden"];
export const HIDE_REASONS = ["abusive", "personal-data", "spam", "off-topic", "duplicate", "other"];
const ACTIONS = { pending: ["approve", "hide"], flagged: ["approve", "hide"], hidden: ["restore"] };

export async function moderationView(ctx, cid) {
  const { t, main, announce, route, navigate } = ctx;
  const queue = QUEUES.includes(route.query.get("queue")) ? route.query.get("queue") : "pending";
  const path = `/staff/consultations/${encodeURIComponent(cid)}`;
  let items = [];
  let cursor = null;
  let current = 0;
  let error = null;
  let hiding = null; // the item whose reason is being picked
  let hidingGroup = null; // the campaign key whose reason is being picked
  let busy = false;
  const options = new Map(); // option id → the option with its plan (a promise)
  const batchKeys = new Map(); // a batch request's body → its Idempotency-Key, until it succeeds
  let drawn = { key: null, container: null, remove: () => {} }; // the plan beside the list

  if (!can(MODERATOR)) {
    render(html`${tabs(cid, "moderation", can)}<h1>${t("staff.moderation.title")}</h1><p role="alert">${t("staff.errors.forbidden")}</p>`, main);
    return;
  }

  async function load(more = false) {
    try {
      const page = await staff("GET", `${path}/moderation`, { query: { queue, limit: 100, cursor: more ? cursor : null } });
      items = grouped(more ? [...items, ...page.items] : page.items);
      cursor = page.next_cursor;
      error = null;
    } catch (caught) {
      error = caught;
    }
    draw();
  }

  // Each campaign's copies right after its first one, so a group is drawn in one place.
  function grouped(list) {
    const firsts = new Map();
    list.forEach((item, index) => {
      if (item.campaign && !firsts.has(item.campaign)) firsts.set(item.campaign, index);
    });
    const at = (item, index) => (item.campaign ? firsts.get(item.campaign) : index);
    return list
      .map((item, index) => ({ item, index }))
      .sort((a, b) => at(a.item, a.index) - at(b.item, b.index) || a.index - b.index)
      .map(({ item }) => item);
  }

  function members(key) {
    return items.filter((item) => item.campaign === key);
  }

  function optionOf(oid) {
    if (!options.has(oid)) options.set(oid, staff("GET", `${path}/options/${encodeURIComponent(oid)}`));
    return options.get(oid);
  }

  // The current item's option drawn beside the list as residents see it, its element
  // highlighted and its point marked; redrawn only when the item's place changes.
  async function drawPlan() {
    const container = main.querySelector("#item-plan-drawing");
    const item = items[current];
    const key = item && container ? JSON.stringify([item.option_id, item.element_id, item.point]) : null;
    if (key === drawn.key && container === drawn.container) return;
    drawn.remove();
    drawn = { key, container, remove: () => {} };
    if (!key) return;
    try {
      const [option, config] = await Promise.all([optionOf(item.option_id), loadConfig()]);
      if (drawn.key !== key || !container.isConnected) return;
      const focus = { selected: item.element_id, point: item.point, listId: "item-plan-segments" };
      drawn.remove = await drawOption(container, option, config, focus);
    } catch {
      container.textContent = t("staff.moderation.plan_unavailable");
    }
  }

  function focusCurrent() {
    const node = main.querySelector(`[data-index="${current}"]`);
    if (node) node.focus();
    else main.querySelector("#queue-empty")?.focus();
  }

  function go(index) {
    if (!items.length) return;
    current = Math.max(0, Math.min(items.length - 1, index));
    draw();
    focusCurrent();
  }

  async function act(item, action, reason) {
    if (busy || !ACTIONS[queue].includes(action)) return;
    busy = true;
    try {
      await staff("POST", `${path}/submissions/${encodeURIComponent(item.id)}/moderation`, { body: { action, reason } });
      items = items.filter((i) => i.id !== item.id);
      current = Math.min(current, Math.max(0, items.length - 1));
      error = null;
      announce(t(`staff.moderation.done_${action}`, { left: items.length }));
    } catch (caught) {
      error = caught;
      announce(t("staff.moderation.failed"));
    }
    busy = false;
    hiding = null;
    draw();
    focusCurrent();
  }

  async function actOnGroup(key, action, reason) {
    const group = members(key);
    if (busy || !group.length || !ACTIONS[queue].includes(action)) return;
    const n = group.length;
    const ok = await confirmAction({
      title: t(`staff.moderation.confirm_${action}_all`, { n }),
      body: [t(`staff.moderation.confirm_${action}_all_body`, { n, reason }), t("staff.moderation.confirm_batch_audit")],
      confirm: t(`staff.moderation.${action}_all`, { n }),
    });
    if (!ok) {
      hidingGroup = null;
      draw();
      return;
    }
    busy = true;
    const body = { ids: group.map((i) => i.id), action, reason };
    const attempt = JSON.stringify(body);
    // The same batch tried again after a failure reuses its key: the server finishes the rest.
    if (!batchKeys.has(attempt)) batchKeys.set(attempt, newKey());
    try {
      const answer = await staff("POST", `${path}/moderation/batch`, { body, idempotencyKey: batchKeys.get(attempt) });
      batchKeys.delete(attempt);
      const settled = new Set(answer.items.filter((i) => i.outcome !== "refused").map((i) => i.id));
      const refused = answer.items.filter((i) => i.outcome === "refused");
      items = items.filter((i) => !settled.has(i.id));
      current = Math.min(current, Math.max(0, items.length - 1));
      error = refused.length
        ? { details: [{ message: t("staff.moderation.batch_refused", { count: refused.length, n }) }, ...refused.map((i) => ({ message: i.message }))] }
        : null;
      announce(t(`staff.moderation.done_${action}_all`, { done: settled.size, n, left: items.length }));
    } catch (caught) {
      error = caught;
      announce(t("staff.moderation.failed_batch"));
    }
    busy = false;
    hidingGroup = null;
    draw();
    focusCurrent();
  }

  function startGroupHide(key) {
    hidingGroup = key;
    draw();
    main.querySelector("#batch-hide-reason input")?.focus();
  }

  function onGroupHideSubmit(event) {
    event.preventDefault();
    const value = new FormData(event.target).get("reason");
    if (value) actOnGroup(hidingGroup, "hide", t(`staff.moderation.reasons.${value}`));
  }

  function onGroupHideKey(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      const key = hidingGroup;
      hidingGroup = null;
      draw();
      main.querySelector(`[data-campaign="${key}"] [data-action=hide-all]`)?.focus();
      announce(t("staff.moderation.hide_cancelled"));
    }
  }

  function startHide(item) {
    hiding = item;
    draw();
    main.querySelector("#hide-reason input")?.focus();
  }

  function cancelHide() {
    hiding = null;
    draw();
    focusCurrent();
    announce(t("staff.moderation.hide_cancelled"));
  }

  function onHideSubmit(event) {
    event.preventDefault();
    const value = new FormData(event.target).get("reason");
    if (!value) return;
    act(hiding, "hide", t(`staff.moderation.reasons.${value}`));
  }

  function onHideKey(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      cancelHide();
    }
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || hiding || hidingGroup) return;
    if (event.target.closest(".campaign__head")) return; // its buttons act on the whole group
    const item = items[current];
    const keys = {
      j: () => go(current + 1),
      ArrowDown: () => go(current + 1),
      k: () => go(current - 1),
      ArrowUp: () => go(current - 1),
      Home: () => go(0),
      End: () => go(items.length - 1),
      a: () => item && act(item, "approve", t("staff.moderation.approve_reason")),
      h: () => item && ACTIONS[queue].includes("hide") && startHide(item),
      r: () => item && act(item, "restore", t("staff.moderation.restore_reason")),
      A: () => item?.campaign && actAll(item.campaign, "approve"),
      H: () => item?.campaign && ACTIONS[queue].includes("hide") && startGroupHide(item.campaign),
      R: () => item?.campaign && actAll(item.campaign, "restore"),
    };
    const handler = keys[event.key];
    if (handler) {
      event.preventDefault();
      handler();
    }
  }

  function actAll(key, action) {
    if (ACTIONS[queue].includes(action)) actOnGroup(key, action, t(`staff.moderation.${action}_reason`));
  }

  function reasonForm(id, onSubmit, onKeydown, legend) {
    return html`<form id=${id} class="hide-reason" @submit=${onSubmit} @keydown=${onKeydown}>
      <fieldset>
        <legend>${legend}</legend>
        ${HIDE_REASONS.map(
          (reason, i) => html`<div class="choice">
            <input type="radio" name="reason" id=${`${id}-${reason}`} value=${reason} ?checked=${i === 0}>
            <label for=${`${id}-${reason}`}>${t(`staff.moderation.reasons.${reason}`)}</label>
          </div>`,
        )}
      </fieldset>
      <div class="button-row">
        <button type="submit" class="button">${t("staff.moderation.hide_confirm")}</button>
        <button type="button" class="button button--secondary" @click=${() => onKeydown({ key: "Escape", preventDefault() {} })}>${t("staff.cancel")}</button>
      </div>
    </form>`;
  }

  function groupView(key, indexes) {
    const n = indexes.length;
    const headingId = `campaign-${key}`;
    return html`<li class="campaign" data-campaign=${key}>
      <div class="campaign__head">
        <h3 id=${headingId}>${t("staff.moderation.campaign_heading", { n })}</h3>
        <p class="campaign__note">${t("staff.moderation.campaign_note")}</p>
        <div class="button-row">
          ${ACTIONS[queue].map(
            (action) => html`<button type="button" class="button button--small" data-action=${`${action}-all`}
              @click=${() => (action === "hide" ? startGroupHide(key) : actAll(key, action))}>${t(`staff.moderation.${action}_all`, { n })}</button>`,
          )}
          ${can(ADMIN)
            ? html`<button type="button" class="button button--small button--secondary" data-action="answer-all"
                @click=${() => navigate(answerHash(cid, { submissions: members(key).map((i) => i.id) }))}>${t("staff.moderation.answer_all", { n })}</button>`
            : ""}
        </div>
        ${hidingGroup === key ? reasonForm("batch-hide-reason", onGroupHideSubmit, onGroupHideKey, t("staff.moderation.hide_all_why", { n })) : ""}
      </div>
      <ol class="queue queue--campaign" aria-labelledby=${headingId}>
        ${indexes.map((index) => itemView(items[index], index))}
      </ol>
    </li>`;
  }

  // Rows of the list: single items, and each campaign's copies as one group.
  function rows() {
    const out = [];
    const seen = new Map();
    items.forEach((item, index) => {
      if (!item.campaign) out.push(itemView(item, index));
      else if (seen.has(item.campaign)) seen.get(item.campaign).push(index);
      else {
        const indexes = [index];
        seen.set(item.campaign, indexes);
        out.push(() => groupView(item.campaign, indexes));
      }
    });
    return out.map((row) => (typeof row === "function" ? row() : row));
  }

  function itemView(item, index) {
    const selected = index === current;
    return html`<li
      class=${`queue-item${selected ? " queue-item--current" : ""}`}
      data-index=${index}
      data-sid=${item.id}
      tabindex=${selected ? "0" : "-1"}
      aria-current=${selected ? "true" : "false"}
      aria-label=${t("staff.moderation.item_label", { n: index + 1, total: items.length, kind: t(`staff.kinds.${item.kind}`), option: item.option_id })}
      aria-describedby=${`text-${item.id}`}
      @click=${(event) => {
        // a radio chosen by arrow keys is a click too: only clicks on the item itself select it
        if (!event.target.closest("form, button")) go(index);
      }}
    >
      <p class="queue-item__meta">
        ${t(`staff.kinds.${item.kind}`)} · ${t("staff.moderation.on_option", { option: item.option_id })}${item.element_id ? html` · ${t("staff.moderation.on_element", { element: item.element_id })}` : ""}
        ${item.stance ? html` · ${t(`staff.stances.${item.stance}`)}` : ""} · ${formatDate(item.created_at, { dateStyle: "medium", timeStyle: "short" })}
      </p>
      <p class="queue-item__text" id=${`text-${item.id}`}>${item.text}</p>
      ${flagsView(item)} ${previousView(item)}
      <div class="button-row">
        ${ACTIONS[queue].map(
          (action) => html`<button type="button" tabindex=${selected ? "0" : "-1"} class="button button--small" data-action=${action}
            @click=${(event) => {
              event.stopPropagation();
              current = index;
              if (action === "hide") startHide(item);
              else act(item, action, t(`staff.moderation.${action}_reason`));
            }}>${t(`staff.moderation.${action}`)}</button>`,
        )}
        ${can(ADMIN)
          ? html`<button type="button" tabindex=${selected ? "0" : "-1"} class="button button--small button--secondary" data-action="answer"
              @click=${(event) => {
                event.stopPropagation();
                navigate(answerHash(cid, { submissions: [item.id] }));
              }}>${t("staff.moderation.answer")}</button>`
          : ""}
      </div>
      ${hiding && hiding.id === item.id ? reasonForm("hide-reason", onHideSubmit, onHideKey, t("staff.moderation.hide_why")) : ""}
    </li>`;
  }

  // How many sources flagged it (one source counts once) and why; whether it stays public.
  function flagsView(item) {
    if (!item.flags) return "";
    const reasons = Object.entries(item.flag_reasons || {})
      .map(([reason, n]) => t("staff.moderation.flag_reason_count", { reason: t(`staff.moderation.reasons.${reason}`), n }))
      .join(", ");
    return html`<p class="queue-item__flags" data-flags=${item.flags}>
      ${t("staff.moderation.flags", { n: item.flags })}${reasons ? html` · ${reasons}` : ""}
      ${item.in_review ? html`<br />${t("staff.moderation.in_review")}` : ""}
    </p>`;
  }

  // A pre-moderated edit: the version it replaced, beside the new one.
  function previousView(item) {
    const before = item.previous;
    if (!before) return "";
    return html`<div class="queue-item__previous" data-previous-version=${before.version}>
      <p class="queue-item__meta">${t("staff.moderation.previous_heading", { version: before.version })}${before.stance ? html` · ${t(`staff.stances.${before.stance}`)}` : ""}</p>
      <p class="queue-item__text">${before.text}</p>
    </div>`;
  }

  function draw() {
    const base = `#/c/${encodeURIComponent(cid)}/moderation`;
    render(
      html`${tabs(cid, "moderation", can)}
        <h1>${t("staff.moderation.title")}</h1>
        <nav aria-label=${t("staff.moderation.queues")}>
          <ul class="queue-tabs">
            ${QUEUES.map((q) => html`<li><a href=${`${base}?queue=${q}`} aria-current=${q === queue ? "page" : "false"}>${t(`staff.moderation.queue_${q}`)}</a></li>`)}
          </ul>
        </nav>
        <details class="shortcuts" open>
          <summary>${t("staff.moderation.shortcuts")}</summary>
          <dl id="shortcut-list">
            <dt><kbd>j</kbd> / <kbd>↓</kbd></dt><dd>${t("staff.moderation.key_next")}</dd>
            <dt><kbd>k</kbd> / <kbd>↑</kbd></dt><dd>${t("staff.moderation.key_previous")}</dd>
            ${ACTIONS[queue].includes("approve") ? html`<dt><kbd>a</kbd></dt><dd>${t("staff.moderation.key_approve")}</dd>` : ""}
            ${ACTIONS[queue].includes("hide") ? html`<dt><kbd>h</kbd></dt><dd>${t("staff.moderation.key_hide")}</dd>` : ""}
            ${ACTIONS[queue].includes("restore") ? html`<dt><kbd>r</kbd></dt><dd>${t("staff.moderation.key_restore")}</dd>` : ""}
            ${ACTIONS[queue].map((action) => html`<dt><kbd>Shift</kbd>+<kbd>${action[0].toUpperCase()}</kbd></dt><dd>${t(`staff.moderation.key_${action}_all`)}</dd>`)}
            <dt><kbd>Tab</kbd></dt><dd>${t("staff.moderation.key_tab")}</dd>
          </dl>
        </details>
        ${problemList(error)}
        <h2 id="queue-heading">${t(`staff.moderation.queue_${queue}`)} (${items.length}${cursor ? "+" : ""})</h2>
        ${items.length
          ? html`<div class="moderation-layout">
              <ol class="queue" aria-labelledby="queue-heading" aria-describedby="shortcut-list" @keydown=${onKey}>
                ${rows()}
              </ol>
              ${planPanel()}
            </div>`
          : html`<p id="queue-empty" tabindex="-1">${t("staff.moderation.empty")}</p>`}
        ${cursor ? html`<button type="button" class="button button--secondary" @click=${() => load(true)}>${t("staff.more")}</button>` : ""}`,
      main,
    );
    drawPlan();
  }

  function planPanel() {
    const item = items[current];
    if (!item) return "";
    const where = item.element_id
      ? t("staff.moderation.plan_element", { element: item.element_id })
      : t("staff.moderation.plan_whole");
    return html`<aside class="item-plan card" aria-labelledby="item-plan-heading">
      <h2 id="item-plan-heading">${t("staff.moderation.plan_heading", { option: item.option_id })}</h2>
      <p id="item-plan-where">${where}</p>
      ${item.element_id && can(ADMIN)
        ? html`<p><button type="button" class="button button--small button--secondary" data-action="answer-element"
            @click=${() => navigate(answerHash(cid, { elements: [`${item.option_id}/${item.element_id}`] }))}>${t("staff.moderation.answer_element", { element: item.element_id })}</button></p>`
        : ""}
      <div id="item-plan-drawing" class="item-plan__drawing"></div>
    </aside>`;
  }
  await load();
}
