// The staff pages: one page (/staff/) whose views follow the address's hash:
//   #/                      consultations          #/new                 a new consultation
//   #/c/<cid>               overview, edit, options, status, outcomes
//   #/c/<cid>/add-option    add an option (upload or paste, dry-run preview)
//   #/c/<cid>/moderation    queues (pending, flagged, hidden)
//   #/c/<cid>/stats         participation          #/c/<cid>/reports     report runs
//   #/c/<cid>/audit         audit log
//   #/c/<cid>/responses     "you said, we did" (?submissions=&elements=&campaigns=&options=:
//                           the answer form opens with those selected)
// Without a session every view is the sign-in. Each view shows only what the roles allow (the
// API refuses the rest anyway).

import { html, render } from "../../vendor/lit-html/lit-html.js";
import { loadConfig } from "../api.js";
import { languages, loadLanguage, setLanguage, t, lang } from "../i18n.js";
import { onUnauthorized } from "./client.js";
import { cognitoLogout, drafts, finishCognito, returnTo, session, signOut } from "./session.js";
import { signInView } from "./views/signin.js";
import { listView, newConsultationView } from "./views/consultations.js";
import { consultationView } from "./views/consultation.js";
import { addOptionView } from "./views/add-option.js";
import { moderationView } from "./views/moderation.js";
import { statsView } from "./views/stats.js";
import { reportsView } from "./views/reports.js";
import { auditView } from "./views/audit.js";
import { responsesView } from "./views/responses.js";

const header = document.getElementById("staff-header");
const main = document.getElementById("staff-main");
const live = document.getElementById("staff-live");
let config = null;
let cleanup = null;
let renderId = 0;

function announce(message) {
  live.textContent = "";
  // a fresh text node each time, so the same message twice is announced twice
  setTimeout(() => {
    live.textContent = message;
  }, 30);
}

function route() {
  const [path, query = ""] = (location.hash.replace(/^#/, "") || "/").split("?");
  const parts = path.split("/").filter(Boolean);
  return { parts, query: new URLSearchParams(query) };
}

function navigate(hash) {
  if (location.hash === hash) show();
  else location.hash = hash;
}

function roleNames(current) {
  return current.roles.map((role) => t(`staff.roles.${role}`)).join(", ");
}

function renderHeader() {
  const current = session();
  render(
    html`<div class="staff-header__bar">
      <a class="staff-brand" href="#/">${t("staff.brand")}</a>
      ${current
        ? html`<p class="staff-who">${t("staff.signed_in_as", { who: current.email || current.subject, roles: roleNames(current) })}</p>
            <button type="button" class="button button--quiet" data-action="sign-out" @click=${doSignOut}>${t("staff.sign_out")}</button>`
        : ""}
      <label class="staff-lang">${t("staff.language")}
        <select @change=${(event) => setLanguage(event.target.value)}>
          ${languages().map((entry) => html`<option value=${entry.tag} ?selected=${entry.tag === lang}>${entry.name}</option>`)}
        </select>
      </label>
    </div>`,
    header,
  );
}

function doSignOut() {
  signOut();
  announce(t("staff.signed_out"));
  if (config.staff_auth?.kind === "cognito") {
    cognitoLogout(config.staff_auth);
    return;
  }
  navigate("#/");
}

function expired() {
  // keep every half-typed form, remember where the officer was, and return to sign-in
  for (const form of main.querySelectorAll("form[data-draft]")) drafts.save(form);
  if (session()) signOut();
  returnTo.remember(location.hash || "#/");
  show({ expired: true });
}

async function show(state = {}) {
  const id = ++renderId;
  if (cleanup) cleanup();
  cleanup = null;
  renderHeader();
  // each view draws into its own container: a slower view still loading draws into a detached
  // one, never over the view that replaced it
  const root = document.createElement("div");
  main.replaceChildren(root);
  const ctx = { config, t, announce, navigate, main: root, route: route(), onCleanup: (fn) => (cleanup = fn), clearDraft: (form) => drafts.clear(form) };
  const current = session();
  let view;
  if (!current) {
    view = signInView(ctx, { expired: Boolean(state.expired), onSignedIn: afterSignIn });
  } else {
    const { parts } = ctx.route;
    if (parts[0] === "new") view = newConsultationView(ctx);
    else if (parts[0] === "c" && parts[1]) {
      const cid = decodeURIComponent(parts[1]);
      const sub = parts[2] || "";
      const views = {
        "": consultationView,
        "add-option": addOptionView,
        moderation: moderationView,
        stats: statsView,
        reports: reportsView,
        audit: auditView,
        responses: responsesView,
      };
      view = (views[sub] || consultationView)(ctx, cid);
    } else view = listView(ctx);
  }
  await view;
  if (id !== renderId) return;
  for (const form of root.querySelectorAll("form[data-draft]")) {
    if (drafts.restore(form)) announce(t("staff.draft_restored"));
  }
  const heading = root.querySelector("h1");
  if (heading && !state.keepFocus) {
    heading.setAttribute("tabindex", "-1");
    // a view opened on a task (e.g. the answer form with a selection) marks where to start
    (root.querySelector("[data-autofocus]") || heading).focus();
    document.title = `${heading.textContent.trim()} · ${t("staff.brand")}`;
  }
}

function afterSignIn() {
  const back = returnTo.take();
  if (back && back !== location.hash) location.hash = back;
  else show();
}

document.addEventListener("input", (event) => {
  const form = event.target.closest?.("form[data-draft]");
  if (form) drafts.save(form);
});

async function boot() {
  main.textContent = "";
  config = await loadConfig();
  await loadLanguage();
  onUnauthorized(expired);
  if (config.staff_auth?.kind === "cognito") {
    try {
      if (await finishCognito(config.staff_auth, new URLSearchParams(location.search))) announce(t("staff.signed_in"));
    } catch {
      announce(t("staff.signin.failed"));
    }
  }
  window.addEventListener("hashchange", () => show());
  window.addEventListener("sayso:language", () => show({ keepFocus: true }));
  await show();
  document.body.dataset.ready = "yes";
}

boot();
