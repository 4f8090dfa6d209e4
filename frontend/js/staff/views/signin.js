// Sign-in: Cognito's Hosted UI in AWS; locally a pasted token (make staff-token) and, only in
// the local stage, one click per role.

import { html, render } from "../../../vendor/lit-html/lit-html.js";
import { localToken, signIn, startCognito } from "../session.js";
import { ROLES } from "../ui.js";

export function signInView(ctx, { expired, onSignedIn }) {
  const { t, config, main, announce } = ctx;
  const kind = config.staff_auth?.kind || "local";
  const local = config.stage === "local" && kind === "local";
  let error = "";

  function accept(token) {
    try {
      signIn(token);
    } catch {
      error = t("staff.signin.unreadable");
      draw();
      main.querySelector("#token")?.focus();
      return;
    }
    announce(t("staff.signed_in"));
    onSignedIn();
  }

  async function asRole(role) {
    try {
      accept(await localToken(role));
    } catch {
      error = t("staff.signin.local_failed");
      draw();
    }
  }

  function submit(event) {
    event.preventDefault();
    accept(new FormData(event.target).get("token"));
  }

  function draw() {
    render(
      html`<h1>${t("staff.signin.title")}</h1>
        ${expired ? html`<p class="notice" role="alert">${t("staff.signin.expired")}</p>` : ""}
        ${error ? html`<p class="notice notice--error" role="alert">${error}</p>` : ""}
        ${kind === "cognito"
          ? html`<p>${t("staff.signin.cognito_intro")}</p>
              <button type="button" class="button" @click=${() => startCognito(config.staff_auth)}>${t("staff.signin.cognito")}</button>`
          : html`<form class="stack" @submit=${submit}>
              <label for="token">${t("staff.signin.token_label")}</label>
              <p id="token-hint" class="hint">${t("staff.signin.token_hint")}</p>
              <textarea id="token" name="token" rows="4" required aria-describedby="token-hint" spellcheck="false" autocomplete="off"></textarea>
              <div><button type="submit" class="button">${t("staff.signin.submit")}</button></div>
            </form>`}
        ${local
          ? html`<section aria-labelledby="local-heading" class="card">
              <h2 id="local-heading">${t("staff.signin.local_title")}</h2>
              <p>${t("staff.signin.local_intro")}</p>
              <div class="button-row">
                ${ROLES.map(
                  (role) => html`<button type="button" class="button button--secondary" data-role=${role} @click=${() => asRole(role)}>
                    ${t("staff.signin.as_role", { role: t(`staff.roles.${role}`) })}
                  </button>`,
                )}
              </div>
            </section>`
          : ""}`,
      main,
    );
  }
  draw();
}
