// Add an option (or supersede one): upload or paste a Streetmix document (as saved, or a street
// URL's JSON), a sayso section or GeoJSON; "Preview" asks the API for a dry run and draws the
// answer as residents will see it, with how the document was read and every warning, or lists
// every problem; "Save" is offered only for the content just previewed. With "Work it out from
// the document" the file's text goes to the API as it is (`document`): the server's one reader
// (chalicelib/domain/documents.py) tells the format and reports JSON errors by line and column,
// so the page does not guess.

import { html, render } from "../../../vendor/lit-html/lit-html.js";
import { staff } from "../client.js";
import { can } from "../session.js";
import { drawOption, importReport } from "../preview.js";
import { ADMIN, problemList, tabs } from "../ui.js";

const SOURCES = ["auto", "streetmix", "plan", "geojson"];
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export async function addOptionView(ctx, cid) {
  const { t, main, config, announce, navigate, route } = ctx;
  const languages = config.languages || ["en"];
  const path = `/staff/consultations/${encodeURIComponent(cid)}`;
  const supersedes = route.query.get("supersedes") || "";
  let error = null;
  let parseError = "";
  let previewed = null; // {key, option}
  let removePreview = null;
  let fileName = "";

  if (!can(ADMIN)) {
    render(html`${tabs(cid, "", can)}<h1>${t("staff.options.add_title")}</h1><p role="alert">${t("staff.errors.forbidden")}</p>`, main);
    return;
  }

  function body(form) {
    const data = new FormData(form);
    const text = String(data.get("document") || "");
    if (!text.trim()) throw new Error(t("staff.upload.empty"));
    const source = data.get("source");
    let plan;
    if (source === "auto") {
      plan = { document: text }; // the API tells the format (and the kind) by content
    } else {
      try {
        plan = { kind: source === "geojson" ? "map" : "section", [source]: JSON.parse(text) };
      } catch (caught) {
        throw new Error(t("staff.upload.not_json", { detail: caught.message }));
      }
    }
    const title = {};
    const summary = {};
    for (const code of languages) {
      const ti = String(data.get(`title.${code}`) || "").trim();
      const su = String(data.get(`summary.${code}`) || "").trim();
      if (ti) title[code] = ti;
      if (su) summary[code] = su;
    }
    const result = { id: String(data.get("id") || "").trim(), title, summary, ...plan };
    if (supersedes) result.supersedes = supersedes;
    return result;
  }

  async function readFile(event) {
    const file = event.target.files[0];
    if (!file) return;
    const form = event.target.form;
    if (file.size > MAX_FILE_BYTES) {
      parseError = t("staff.upload.too_big", { name: file.name });
      draw();
      return;
    }
    form.elements.document.value = await file.text();
    fileName = file.name;
    const title = form.elements["title.en"];
    if (title && !title.value) {
      try {
        const doc = JSON.parse(form.elements.document.value);
        title.value = doc.name || doc.data?.street?.name || "";
      } catch {
        // the preview will say what is wrong with it
      }
    }
    announce(t("staff.upload.read", { name: file.name }));
    changed();
  }

  function changed() {
    if (previewed) {
      previewed = null;
      clearPreview();
      draw();
    }
  }

  function clearPreview() {
    if (removePreview) removePreview();
    removePreview = null;
  }

  async function preview(event) {
    const form = event.target.closest("form");
    parseError = "";
    error = null;
    clearPreview();
    let sent;
    try {
      sent = body(form);
    } catch (caught) {
      parseError = caught.message;
      previewed = null;
      draw();
      main.querySelector("#problems")?.focus();
      return;
    }
    try {
      const option = await staff("POST", `${path}/options`, { body: sent, query: { dry_run: "true" } });
      previewed = { key: JSON.stringify(sent), option };
      draw();
      removePreview = await drawOption(main.querySelector("#preview"), option, config);
      announce(t("staff.upload.preview_ready"));
      main.querySelector("#preview-heading")?.focus();
    } catch (caught) {
      error = caught;
      previewed = null;
      draw();
      main.querySelector("#problems")?.focus();
    }
  }

  async function save(event) {
    event.preventDefault();
    const form = event.target;
    let sent;
    try {
      sent = body(form);
    } catch (caught) {
      parseError = caught.message;
      draw();
      return;
    }
    if (!previewed || previewed.key !== JSON.stringify(sent)) {
      await preview({ target: form });
      return;
    }
    try {
      const option = await staff("POST", `${path}/options`, { body: sent });
      clearPreview();
      ctx.clearDraft(form);
      announce(t("staff.upload.saved", { id: option.id }));
      navigate(`#/c/${encodeURIComponent(cid)}`);
    } catch (caught) {
      error = caught;
      draw();
      main.querySelector("#problems")?.focus();
    }
  }

  function draw() {
    render(
      html`${tabs(cid, "", can)}
        <h1>${supersedes ? t("staff.options.supersede_title", { id: supersedes }) : t("staff.options.add_title")}</h1>
        <p>${t("staff.upload.intro")}</p>
        <form class="stack" data-draft=${`option-${cid}`} @submit=${save} @input=${changed}>
          <div class="field">
            <label for="o-id">${t("staff.upload.id")}</label>
            <p class="hint" id="o-id-hint">${t("staff.form.id_hint")}</p>
            <input id="o-id" name="id" required maxlength="64" aria-describedby="o-id-hint" autocomplete="off">
          </div>
          ${languages.map(
            (code) => html`<fieldset class="field-group">
              <legend>${t("staff.form.texts_in", { language: t(`staff.languages.${code}`) })}</legend>
              <div class="field">
                <label for=${`o-title-${code}`}>${t("staff.form.title")}</label>
                <input id=${`o-title-${code}`} name=${`title.${code}`} lang=${code} maxlength="200" ?required=${code === "en"}>
              </div>
              <div class="field">
                <label for=${`o-summary-${code}`}>${t("staff.form.summary")}</label>
                <textarea id=${`o-summary-${code}`} name=${`summary.${code}`} lang=${code} rows="2"></textarea>
              </div>
            </fieldset>`,
          )}
          <div class="field">
            <label for="o-source">${t("staff.upload.source")}</label>
            <select id="o-source" name="source">
              ${SOURCES.map((s) => html`<option value=${s}>${t(`staff.upload.sources.${s}`)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="o-file">${t("staff.upload.file")}</label>
            <input id="o-file" type="file" accept=".json,.geojson,application/json,application/geo+json" @change=${readFile}>
            ${fileName ? html`<p class="hint">${t("staff.upload.file_read", { name: fileName })}</p>` : ""}
          </div>
          <div class="field">
            <label for="o-document">${t("staff.upload.paste")}</label>
            <p class="hint" id="o-document-hint">${t("staff.upload.paste_hint")}</p>
            <textarea id="o-document" name="document" rows="8" class="code" spellcheck="false" aria-describedby="o-document-hint"></textarea>
          </div>
          ${parseError
            ? html`<div class="notice notice--error" role="alert" id="problems" tabindex="-1">
                <p>${t("staff.errors.title")}</p>
                <ul><li>${parseError}</li></ul>
              </div>`
            : problemList(error)}
          <div class="button-row">
            <button type="button" class="button button--secondary" data-action="preview" @click=${preview}>${t("staff.upload.preview")}</button>
            <button type="submit" class="button" data-action="save" ?disabled=${!previewed}>${t("staff.upload.save")}</button>
          </div>
          ${previewed ? "" : html`<p class="hint">${t("staff.upload.save_hint")}</p>`}
        </form>
        <section aria-labelledby="preview-heading" class="preview" ?hidden=${!previewed}>
          <h2 id="preview-heading" tabindex="-1">${t("staff.upload.preview_title")}</h2>
          <p>${t("staff.upload.preview_intro")}</p>
          ${importReport(previewed?.option)}
          ${previewed?.option.warnings?.length
            ? html`<div class="notice" id="warnings">
                <p>${t("staff.upload.warnings_title", { count: previewed.option.warnings.length })}</p>
                <ul>${previewed.option.warnings.map((w) => html`<li lang="en" data-kind=${w.kind}><code>${w.field}</code> ${w.message}</li>`)}</ul>
              </div>`
            : ""}
          <div id="preview" class="preview__drawing"></div>
        </section>`,
      main,
    );
  }
  draw();
  ctx.onCleanup(clearPreview);
}
