// The alternative editor of a section option: its operations (by keyboard, pointer, touch and
// buttons; each announced, with undo/redo) and its view. The option page owns the state and wires
// it in with bind(); this module holds no state of its own.
import { html } from "../../vendor/lit-html/lit-html.js";
import { formatMetres, t } from "../i18n.js";
import * as model from "./model.js";
import * as ui from "./section-ui.js";
import { sectionWarnings, validateSection } from "./validate.js";

let state;
let refresh;
let announce;
let saveWip;
let select;
let focusSegment;

/** page: {state, refresh, announce, saveWip, select, focusSegment} */
export function bind(page) {
  ({ state, refresh, announce, saveWip, select, focusSegment } = page);
}

export function selectedIndex() {
  return state.editor.plan.segments.findIndex((s) => s.id === state.selected);
}

export function describeSegment(segment) {
  const plan = state.editor.plan;
  const left = model.remaining(plan);
  const leftText = left >= 0 ? t("editor.left", { left: formatMetres(left) }) : t("editor.over", { over: formatMetres(-left) });
  return `${ui.segmentLabel(state.catalogue, segment.type)}, ${formatMetres(segment.width)}; ${leftText}`;
}

export function change(next, words, { keepFocus = true } = {}) {
  if (next === state.editor.plan) return;
  state.editor.apply(next, words);
  saveWip();
  refresh();
  announce(words);
  if (keepFocus && state.selected) focusSegment(state.selected);
}

export function resizeBy(delta) {
  const index = selectedIndex();
  if (index < 0) return;
  const segment = state.editor.plan.segments[index];
  const next = model.resize(state.editor.plan, index, segment.width + delta, state.catalogue.byName.get(segment.type));
  if (next.segments[index].width === segment.width) {
    announce(t("editor.at_limit", { name: ui.segmentLabel(state.catalogue, segment.type) }));
    return;
  }
  state.editor.apply(next, "");
  state.editor.past[state.editor.past.length - 1].change = t("editor.resized", { what: describeSegment(next.segments[index]) });
  saveWip();
  refresh();
  announce(state.editor.past.at(-1).change);
}

export function resizeTo(index, width) {
  const segment = state.editor.plan.segments[index];
  const next = model.resize(state.editor.plan, index, model.round(width, 10), state.catalogue.byName.get(segment.type));
  if (next.segments[index].width === segment.width) return;
  change(next, t("editor.resized", { what: describeSegment(next.segments[index]) }), { keepFocus: false });
}

export function moveBy(step) {
  const index = selectedIndex();
  if (index < 0) return;
  moveTo(index, index + step);
}

export function moveTo(from, to) {
  const next = model.move(state.editor.plan, from, to);
  if (next === state.editor.plan) return;
  const segment = next.segments[to];
  change(next, t("editor.moved", { name: ui.segmentLabel(state.catalogue, segment.type), n: to + 1, count: next.segments.length }));
}

export function removeSelected() {
  const index = selectedIndex();
  if (index < 0 || state.editor.plan.segments.length <= 1) return;
  const segment = state.editor.plan.segments[index];
  const next = model.remove(state.editor.plan, index);
  const neighbour = next.segments[Math.min(index, next.segments.length - 1)];
  state.selected = neighbour.id;
  const left = model.remaining(next);
  change(next, t("editor.removed", { name: ui.segmentLabel(state.catalogue, segment.type), left: formatMetres(Math.max(0, left)) }));
}

export function addType(type) {
  const kind = state.catalogue.byName.get(type);
  if (!kind) return;
  const index = selectedIndex();
  const at = index < 0 ? state.editor.plan.segments.length : index + 1;
  const next = model.add(state.editor.plan, at, kind);
  state.selected = next.segments[at].id;
  change(next, t("editor.added", { what: describeSegment(next.segments[at]), n: at + 1 }));
}

export function setVariant(direction) {
  const index = selectedIndex();
  if (index < 0) return;
  const next = model.setVariant(state.editor.plan, index, direction);
  change(next, t("editor.varianted", { name: ui.segmentLabel(state.catalogue, next.segments[index].type), direction: t(`direction.${direction}`) }), { keepFocus: false });
}

export function setVariantPart(group, value) {
  const index = selectedIndex();
  if (index < 0) return;
  const next = model.setVariantPart(state.editor.plan, index, group, value);
  const name = ui.segmentLabel(state.catalogue, next.segments[index].type);
  change(next, t("editor.varianted_to", { name, value: t(`variant.${value}`) }), { keepFocus: false });
}

export function undo() {
  const words = state.editor.undo();
  if (words === null) return announce(t("editor.nothing_to_undo"));
  keepSelectionValid();
  saveWip();
  announce(t("editor.undone", { change: words }));
}

export function redo() {
  const words = state.editor.redo();
  if (words === null) return announce(t("editor.nothing_to_redo"));
  keepSelectionValid();
  saveWip();
  announce(t("editor.redone", { change: words }));
}

export function resetPlan() {
  state.editor.apply(model.canonical(state.option.plan), t("editor.reset_done"));
  keepSelectionValid();
  saveWip();
  announce(t("editor.reset_done"));
}

export function keepSelectionValid() {
  const segments = state.editor.plan.segments;
  if (!segments.some((s) => s.id === state.selected)) state.selected = segments[0]?.id ?? null;
}

export function onListKey(event) {
  const plan = state.mode === "edit" ? state.editor.plan : state.option.plan;
  const ids = plan.segments.map((s) => s.id);
  let index = ids.indexOf(state.selected);
  const go = (to) => {
    event.preventDefault();
    const target = Math.max(0, Math.min(ids.length - 1, to));
    if (ids[target] !== state.selected) {
      select(ids[target]);
      announce(state.mode === "edit" ? describeSegment(plan.segments[target]) : "");
    }
    focusSegment(ids[target]);
  };
  if (index < 0) index = 0;
  const edit = state.mode === "edit";
  const mod = event.ctrlKey || event.metaKey;
  if (event.key === "ArrowUp" || (!edit && event.key === "ArrowLeft")) return go(index - 1);
  if (event.key === "ArrowDown" || (!edit && event.key === "ArrowRight")) return go(index + 1);
  if (event.key === "Home") return go(0);
  if (event.key === "End") return go(ids.length - 1);
  if (!edit) return;
  if (state.selected === null) select(ids[index]);
  const step = event.shiftKey ? 1 : 0.1;
  if ((mod && event.key === "ArrowLeft") || event.key === "[") {
    event.preventDefault();
    moveBy(-1);
  } else if ((mod && event.key === "ArrowRight") || event.key === "]") {
    event.preventDefault();
    moveBy(1);
  } else if (event.key === "ArrowLeft" || event.key === "-") {
    event.preventDefault();
    resizeBy(-step);
  } else if (event.key === "ArrowRight" || event.key === "+" || event.key === "=") {
    event.preventDefault();
    resizeBy(step);
  } else if (event.key === "Delete" || event.key === "Backspace") {
    event.preventDefault();
    removeSelected();
  }
}

export function onEditorKey(event) {
  const mod = event.ctrlKey || event.metaKey;
  if (!mod || event.key.toLowerCase() !== "z") return;
  if (event.target.matches("textarea, input[type=text], input[type=number]")) return; // their own undo
  event.preventDefault();
  if (event.shiftKey) redo();
  else undo();
}

// Pointer: tap selects; in the editor drag the handle to resize, drag the segment to move it.
export function onPointerDown(event) {
  const svgElement = event.currentTarget;
  const handle = event.target.closest("[data-handle]");
  const group = event.target.closest("[data-id]");
  const plan = state.mode === "edit" ? state.editor.plan : state.option.plan;
  const metres = ui.metresAt(svgElement, event);
  if (state.mode !== "edit") {
    if (group) {
      state.point = Math.max(0, Math.min(plan.width, model.round(metres, 10)));
      select(group.dataset.id);
      refresh();
    }
    return;
  }
  if (!group && !handle) return;
  const id = handle ? handle.dataset.handle : group.dataset.id;
  const index = plan.segments.findIndex((s) => s.id === id);
  if (index < 0) return;
  event.preventDefault();
  select(id);
  svgElement.setPointerCapture(event.pointerId);
  const startWidth = plan.segments[index].width;
  const startX = metres;
  const startOffset = plan.segments.slice(0, index).reduce((s, x) => s + x.width, 0);
  let moved = false;
  // drop position: the centre of the dragged segment lands between which segments
  const dropTarget = (x) => {
    const centre = startOffset + startWidth / 2 + (x - startX);
    let offset = 0;
    let target = 0;
    for (const other of plan.segments.filter((_, i) => i !== index)) {
      if (centre > offset + other.width / 2) target += 1;
      offset += other.width;
    }
    return target;
  };
  const onMoveEvent = (moveEvent) => {
    const x = ui.metresAt(svgElement, moveEvent);
    if (Math.abs(x - startX) > 0.05) moved = true;
    if (handle) {
      const kind = state.catalogue.byName.get(plan.segments[index].type);
      state.preview = model.resize(plan, index, startWidth + x - startX, kind);
      refresh();
    } else if (moved) {
      state.preview = model.move(plan, index, dropTarget(x)); // the street as it would be
      refresh();
    }
  };
  const onUp = (upEvent) => {
    svgElement.removeEventListener("pointermove", onMoveEvent);
    svgElement.removeEventListener("pointerup", onUp);
    svgElement.removeEventListener("pointercancel", onUp);
    const preview = state.preview;
    state.preview = null;
    if (upEvent.type === "pointercancel" || !moved) return refresh();
    if (handle) {
      const width = preview?.segments[index].width;
      if (width !== undefined) resizeTo(index, width);
      else refresh();
      return;
    }
    const target = dropTarget(ui.metresAt(svgElement, upEvent));
    if (target === index) return refresh();
    moveTo(index, target);
  };
  svgElement.addEventListener("pointermove", onMoveEvent);
  svgElement.addEventListener("pointerup", onUp);
  svgElement.addEventListener("pointercancel", onUp);
}

function localDiffView() {
  const d = model.diff(state.option.plan, state.editor.plan);
  const name = (s) => ui.segmentLabel(state.catalogue, s.type);
  const rows = [
    ...d.added.map((s) => t("diff.added", { name: name(s), width: formatMetres(s.width) })),
    ...d.removed.map((s) => t("diff.removed", { name: name(s) })),
    ...d.resized.map((r) => t("diff.resized", { name: name(r.segment), old: formatMetres(r.old), new: formatMetres(r.new) })),
    ...d.moved.map((m) => t("diff.moved", { name: name(m.segment), from: m.from + 1, to: m.to + 1 })),
    ...d.varianted.map((v) => t("diff.varianted", { name: name(v.segment) })),
  ];
  return html`<section class="diff-live" aria-labelledby="diff-heading">
    <h3 id="diff-heading">${t("editor.diff_heading")}</h3>
    ${rows.length ? html`<ul id="diff-list">${rows.map((r) => html`<li>${r}</li>`)}</ul>` : html`<p>${t("editor.no_changes")}</p>`}
  </section>`;
}

function warningsView(plan) {
  // What Streetmix saves, sayso accepts: overflow, unusual widths, unknown types are shown, not refused.
  const warnings = sectionWarnings(plan, state.catalogue);
  if (!warnings.length) return "";
  return html`<div class="warnings" aria-labelledby="warnings-heading">
    <h3 id="warnings-heading">${t("editor.warnings")}</h3>
    <ul>${warnings.map((w) => html`<li lang="en" data-field=${w.field} data-kind=${w.kind}>${w.message}</li>`)}</ul>
  </div>`;
}

function problemsView() {
  const problems = validateSection(state.editor.plan, state.catalogue);
  if (!problems.length) return html`<p class="ok" id="problems" tabindex="-1">${t("editor.valid")}</p>${warningsView(state.editor.plan)}`;
  return html`<div class="problems" id="problems" tabindex="-1" aria-labelledby="problems-heading">
    <h3 id="problems-heading">${t("editor.problems")}</h3>
    <ul>${problems.map((p) => html`<li lang="en" data-field=${p.field}>${p.message}</li>`)}</ul>
  </div>`;
}

function toggleThumbs(open) {
  if (state.thumbsOpen === open) return;
  state.thumbsOpen = open;
  refresh();
}

/** The editor: undo/redo, the drawing, the segment list with its tools, the palette, the
 * problems, the live diff, and the page's alternative form (`alternativeForm`). */
export function editorView(alternativeForm) {
  const plan = state.editor.plan;
  const common = { plan, catalogue: state.catalogue, selectedId: state.selected, mode: state.mode };
  const index = selectedIndex();
  return html`<div class="editor" @keydown=${onEditorKey}>
    <h2 class="sr-only">${t("editor.heading")}</h2>
    <div class="actions history">
      <button type="button" @click=${undo} ?disabled=${!state.editor.past.length} aria-keyshortcuts="Control+Z Meta+Z">${t("editor.undo")}</button>
      <button type="button" @click=${redo} ?disabled=${!state.editor.future.length} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z">${t("editor.redo")}</button>
      <button type="button" class="secondary" @click=${resetPlan}>${t("editor.reset")}</button>
    </div>
    ${ui.sectionDrawing({ ...common, plan: state.preview || plan, point: null, onPointerDown })}
    ${ui.remainingLine(state.preview || plan)}
    <p class="hint">${t("editor.drag_hint")}</p>
    <p id="editor-keys" class="hint">${t("editor.keys")}</p>
    <div class="editor-grid">
      ${ui.segmentList({ ...common, listId: "segments", onKey: onListKey, onChoose: (id) => select(id) })}
      <div>
        ${ui.editorToolbar({ ...common, index, onResize: resizeBy, onMove: moveBy, onRemove: removeSelected, onVariant: setVariant, onVariantPart: setVariantPart })}
        ${ui.palette({ catalogue: state.catalogue, onAdd: addType })}
        ${ui.thumbnailPalette({ catalogue: state.catalogue, onAdd: addType, open: !!state.thumbsOpen, onToggle: toggleThumbs })}
      </div>
    </div>
    ${problemsView()} ${localDiffView()} ${alternativeForm()}
  </div>`;
}
