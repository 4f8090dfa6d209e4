// Small views shared by the pages: counts, outcomes, stances, API error text.
import { html } from "../vendor/lit-html/lit-html.js";
import { formatNumber, localized, t } from "./i18n.js";
import { text } from "./shell.js";

const plural = new Map();

export function counted(key, n) {
  const lang = document.documentElement.lang || "en";
  if (!plural.has(lang)) plural.set(lang, new Intl.PluralRules(lang.startsWith("en") ? "en" : lang));
  const form = plural.get(lang).select(n) === "one" ? "one" : "other";
  return t(`${key}_${form}`, { n: formatNumber(n) });
}

export function countsText(counts = {}) {
  return `${counted("counts.comments", counts.comments || 0)}, ${counted("counts.alternatives", counts.alternatives || 0)}`;
}

export function outcomeView(outcome, level = 4) {
  if (!outcome) return "";
  const heading = level === 2 ? html`<h2>${t("outcome.heading")}</h2>` : html`<h4>${t("outcome.heading")}</h4>`;
  return html`<div class="outcome">
    ${heading}
    <p><strong>${t(`outcome.decision.${outcome.decision}`)}</strong></p>
    ${text(localized(outcome.text), "p")}
  </div>`;
}

/** Words for an API error that is not about one field: 429, network, 409, 404 and the rest. */
export function errorText(error) {
  if (!error) return "";
  if (error.network) return t("errors.network");
  if (error.status === 429) {
    return error.retryAfter
      ? t("errors.rate_limited_in", { minutes: formatNumber(Math.max(1, Math.ceil(error.retryAfter / 60))) })
      : t("errors.rate_limited");
  }
  if (error.message) return error.message;
  return t("errors.unknown");
}
