// Moderation, by keyboard: the pending, flagged and hidden queues as a list with one current
// item (roving focus). j/↓ next, k/↑ previous, a approve, h hide (a reason picked from a list),
// r restore. Focus moves to the current item; a live region says what happened. The shortcuts
// act only on the list, so Tab always leaves it.

import { html, render } from "../../../vendor/lit-html/lit-html.js";
import { formatDate } from "../../i18n.js";
import { staff } from "../client.js";
import { can } from "../session.js";
import { MODERATOR, problemList, tabs } from "../ui.js";

const QUEUES = ["pending", "flagged", "hidden"];
export const HIDE_REASONS = ["abusive", "personal-data", "spam", "off-topic", "duplicate", "other"];
const ACTIONS = { pending: ["approve", "hide"], flagged: ["approve", "hide"], hidden: ["restore"] };

export async function moderationView(ctx, cid) {
  const { t, main, announce, route } = ctx;
  const queue = QUEUES.includes(route.query.get("queue")) ? route.query.get("queue") : "pending";
  const path = `/staff/consultations/${encodeURIComponent(cid)}`;
  let items = [];
  let cursor = null;
  let current = 0;
  let error = null;
  let hiding = null; // the item whose reason is being picked
  let busy = false;

  if (!can(MODERATOR)) {
    render(html`${tabs(cid, "moderation", can)}<h1>${t("staff.moderation.title")}</h1><p role="alert">${t("staff.errors.forbidden")}</p>`, main);
    return;
  }

  async function load(more = false) {
    try {
      const page = await staff("GET", `${path}/moderation`, { query: { queue, limit: 50, cursor: more ? cursor : null } });
      items = more ? [...items, ...page.items] : page.items;
      cursor = page.next_cursor;
      error = null;
    } catch (caught) {
      error = caught;
    }
    draw();
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
    if (event.altKey || event.ctrlKey || event.metaKey || hiding) return;
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
    };
    const handler = keys[event.key];
    if (handler) {
      event.preventDefault();
      handler();
    }
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
      </div>
      ${hiding && hiding.id === item.id
        ? html`<form id="hide-reason" class="hide-reason" @submit=${onHideSubmit} @keydown=${onHideKey}>
            <fieldset>
              <legend>${t("staff.moderation.hide_why")}</legend>
              ${HIDE_REASONS.map(
                (reason, i) => html`<div class="choice">
                  <input type="radio" name="reason" id=${`reason-${reason}`} value=${reason} ?checked=${i === 0}>
                  <label for=${`reason-${reason}`}>${t(`staff.moderation.reasons.${reason}`)}</label>
                </div>`,
              )}
            </fieldset>
            <div class="button-row">
              <button type="submit" class="button">${t("staff.moderation.hide_confirm")}</button>
              <button type="button" class="button button--secondary" @click=${cancelHide}>${t("staff.cancel")}</button>
            </div>
          </form>`
        : ""}
    </li>`;
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
            <dt><kbd>Tab</kbd></dt><dd>${t("staff.moderation.key_tab")}</dd>
          </dl>
        </details>
        ${problemList(error)}
        <h2 id="queue-heading">${t(`staff.moderation.queue_${queue}`)} (${items.length}${cursor ? "+" : ""})</h2>
        ${items.length
          ? html`<ol class="queue" aria-labelledby="queue-heading" aria-describedby="shortcut-list" @keydown=${onKey}>
              ${items.map(itemView)}
            </ol>`
          : html`<p id="queue-empty" tabindex="-1">${t("staff.moderation.empty")}</p>`}
        ${cursor ? html`<button type="button" class="button button--secondary" @click=${() => load(true)}>${t("staff.more")}</button>` : ""}`,
      main,
    );
  }
  await load();
}
