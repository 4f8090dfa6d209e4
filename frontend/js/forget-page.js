// "Forget my email": the page the outcome and update emails link to. One button sends the link's
// signed ids to the API (POST, as the mail client's one-click unsubscribe does) and the page says
// what happened. A button, not on load: mail security scanners open links in a real browser and
// run their scripts, and must not forget a resident's email for them.
import { html } from "../vendor/lit-html/lit-html.js";
import { request } from "./api.js";
import { t } from "./i18n.js";
import { startPage } from "./shell.js";

const params = new URLSearchParams(location.search);
const link = { cid: params.get("c") || "", s: params.get("s") || "", sig: params.get("sig") || "" };
const state = { done: null, error: null, busy: false };

async function forget(context) {
  if (!link.cid || !link.s || !link.sig) {
    state.error = t("forget.bad_link");
    context.refresh();
    return;
  }
  state.busy = true;
  state.error = null;
  context.refresh();
  try {
    const path = `/consultations/${encodeURIComponent(link.cid)}/contacts/forget`;
    const answer = await request("POST", path, { query: { s: link.s, sig: link.sig }, body: {} });
    state.done = answer.forgotten;
  } catch (error) {
    state.error = error.status === 404 || error.status === 422 ? t("forget.bad_link") : t("forget.failed");
  }
  state.busy = false;
  context.refresh();
  document.getElementById("forget-result")?.focus();
}

function view(context) {
  let result = html`<button type="button" class="button" id="forget-button" @click=${() => forget(context)}>
    ${t("forget.button")}
  </button>`;
  if (state.busy) result = html`<p aria-busy="true">${t("forget.working")}</p>`;
  else if (state.error) {
    result = html`<p role="alert" class="error" id="forget-result" tabindex="-1">${state.error}</p>
      <button type="button" class="button" ?disabled=${state.busy} @click=${() => forget(context)}>
        ${t("forget.retry")}
      </button>`;
  } else if (state.done !== null) {
    const words = state.done > 0 ? t("forget.done") : t("forget.already");
    result = html`<p role="status" id="forget-result" tabindex="-1">${words}</p>`;
  }
  return html`<h1>${t("forget.title")}</h1>
    <p>${t("forget.intro")}</p>
    ${result}`;
}

await startPage(view, { title: () => t("forget.title") });
