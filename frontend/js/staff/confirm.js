// A confirmation that says what an action will change: a modal <dialog> (focus moves into it,
// Escape cancels, focus returns to the button that opened it). Resolves true or false.

import { html, render } from "../../vendor/lit-html/lit-html.js";
import { t } from "../i18n.js";

export function confirmAction({ title, body, confirm }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const dialog = document.createElement("dialog");
    dialog.className = "confirm";
    dialog.setAttribute("aria-labelledby", "confirm-title");
    dialog.setAttribute("aria-describedby", "confirm-body");
    document.body.append(dialog);
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      if (opener && opener.isConnected) opener.focus();
      resolve(answer);
    };
    render(
      html`<h2 id="confirm-title">${title}</h2>
        <div id="confirm-body">${body.map((line) => html`<p>${line}</p>`)}</div>
        <div class="button-row">
          <button type="button" class="button" data-confirm @click=${() => close(true)}>${confirm}</button>
          <button type="button" class="button button--secondary" @click=${() => close(false)}>${t("staff.cancel")}</button>
        </div>`,
      dialog,
    );
    dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      close(false);
    });
    dialog.showModal();
    dialog.querySelector("[data-confirm]").focus();
  });
}
