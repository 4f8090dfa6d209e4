// What every page shares: config and language loading, the header with the language switch,
// the skip link, and re-rendering when the language changes.
import { html, render } from "../vendor/lit-html/lit-html.js";
import { loadConfig } from "./api.js";
import { currentLang, languages, loadLanguage, setLanguage, t } from "./i18n.js";
import { prerendered } from "./prerendered.js";

export function languageSwitch(onChange) {
  const id = "language-switch";
  return html`<div class="language">
    <label for=${id}>${t("shell.language")}</label>
    <select
      id=${id}
      @change=${async (event) => {
        await setLanguage(event.target.value);
        onChange?.();
      }}
    >
      ${languages().map(
        ({ tag }) =>
          html`<option value=${tag} lang=${tag} ?selected=${tag === currentLang()}>
            ${t(`languages.${tag}`)}
          </option>`,
      )}
      ${currentLang() === "x-pseudo"
        ? html`<option value="x-pseudo" selected>x-pseudo</option>`
        : ""}
    </select>
  </div>`;
}

/** Starts a page: `view(context)` returns the <main> content; `context.refresh()` re-renders.
 * `hold`: a pre-rendered page keeps its static content until the page's first refresh() (when
 * its data is ready), so nothing collapses to a "loading" shell in between. */
export async function startPage(view, { title, hold = false } = {}) {
  const root = document.getElementById("app");
  const context = { config: null, refresh };
  let drawn = false;
  function refresh() {
    if (!drawn) root.replaceChildren(); // the static content; lit-html renders from here on
    drawn = true;
    document.title = title ? `${title(context)} · sayso` : "sayso";
    render(
      html`<a class="skip" href="#main">${t("shell.skip")}</a>
        <header class="site-header">
          <a class="brand" href=${homeHref(context.config)}>sayso</a>
          ${languageSwitch(refresh)}
        </header>
        <main id="main" tabindex="-1">${view(context)}</main>
        <footer class="site-footer"><p>${t("shell.footer")}</p><p class="credit">${t("shell.illustrations")}</p></footer>`,
      root,
    );
  }
  try {
    // In parallel: each is a round trip, and on a slow phone network round trips are the cost.
    [context.config] = await Promise.all([loadConfig(), loadLanguage()]);
  } catch (error) {
    await loadLanguage().catch(() => {});
    root.replaceChildren();
    render(html`<main id="main"><h1>sayso</h1><p role="alert">${t("shell.no_config")}</p></main>`, root);
    return context;
  }
  window.addEventListener("sayso:language", refresh);
  if (!(hold && prerendered())) refresh();
  return context;
}

export function homeHref(config) {
  const links = prerendered()?.links;
  if (links) return links.home;
  const params = new URLSearchParams(location.search);
  const keep = new URLSearchParams();
  if (params.get("c")) keep.set("c", params.get("c"));
  if (params.get("lang")) keep.set("lang", params.get("lang"));
  const query = keep.toString();
  return `./${query ? `?${query}` : ""}`;
}

export function optionHref(optionId) {
  const links = prerendered()?.links;
  if (links) return links.option.replace("{id}", encodeURIComponent(optionId));
  const params = new URLSearchParams(location.search);
  const keep = new URLSearchParams();
  if (params.get("c")) keep.set("c", params.get("c"));
  if (params.get("lang")) keep.set("lang", params.get("lang"));
  keep.set("o", optionId);
  return `option.html?${keep.toString()}`;
}

/** The "you said, we did" page, at one response's card when `responseId` is given. */
export function responsesHref(responseId) {
  const links = prerendered()?.links;
  const anchor = responseId ? `#response-${encodeURIComponent(responseId)}` : "";
  if (links?.responses) {
    // the rendering's language, unless the reader switched since (?lang= or the language menu)
    const url = new URL(links.responses, location.origin);
    url.searchParams.set("lang", currentLang());
    return `${url.pathname}${url.search}${anchor}`;
  }
  const params = new URLSearchParams(location.search);
  const keep = new URLSearchParams();
  if (params.get("c")) keep.set("c", params.get("c"));
  if (params.get("lang")) keep.set("lang", params.get("lang"));
  const query = keep.toString();
  return `responses.html${query ? `?${query}` : ""}${anchor}`;
}

/** Consultation text in the current language, marked with its own lang when it differs. */
export function text(localizedText, tag = "span") {
  const { text: value, lang } = localizedText;
  if (!value) return "";
  if (lang && lang !== currentLang()) {
    return tag === "p" ? html`<p lang=${lang}>${value}</p>` : html`<span lang=${lang}>${value}</span>`;
  }
  return tag === "p" ? html`<p>${value}</p>` : value;
}
