// Edits of a map plan (a GeoJSON FeatureCollection) a resident can make in an alternative:
// move, add and remove a stop; re-route a line (move, insert and remove the vertices of a
// LineString or of one part of a MultiLineString). Each edit returns a new plan and leaves the old one untouched,
// so the history for undo is a list of plans. New ids follow the server's element id rule
// (chalicelib/domain/ids.py ELEMENT_ID_PATTERN: 1–64 of A–Z a–z 0–9 _ . : -), unique in the plan.

import { roundPosition } from "./geo.js";

const ELEMENT_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export function clonePlan(plan) {
  return structuredClone(plan);
}

export function featureById(plan, id) {
  return plan.features.find((feature) => String(feature.id) === String(id)) ?? null;
}

export function isStop(feature) {
  return feature?.geometry?.type === "Point";
}

/** The feature's name in `lang`: text, or a {lang: text} object, else null. */
export function featureName(feature, lang) {
  const name = feature?.properties?.name;
  if (typeof name === "string" && name.trim()) return name;
  if (name && typeof name === "object") {
    const base = String(lang).split("-")[0];
    return name[lang] ?? name[base] ?? name.en ?? Object.values(name).find((v) => typeof v === "string") ?? null;
  }
  return null;
}

export function moveStop(plan, id, position) {
  const next = clonePlan(plan);
  const feature = featureById(next, id);
  if (!isStop(feature)) throw new Error(`no stop ${id}`);
  const altitude = feature.geometry.coordinates.slice(2);
  feature.geometry.coordinates = [...roundPosition(position), ...altitude];
  return next;
}

export function removeFeature(plan, id) {
  const next = clonePlan(plan);
  next.features = next.features.filter((feature) => String(feature.id) !== String(id));
  return next;
}

/** Adds a stop at the end of the plan (so the stored diff lists it as added, order unchanged). */
export function addStop(plan, position, name) {
  const next = clonePlan(plan);
  const id = newFeatureId(next, name);
  next.features.push({
    type: "Feature",
    id,
    geometry: { type: "Point", coordinates: roundPosition(position) },
    properties: { name, kind: "stop" },
  });
  return { plan: next, id };
}

/** "stop-" and the name in ASCII letters ("Māngere Bridge" → "stop-mangere-bridge"), made unique. */
export function newFeatureId(plan, name) {
  const taken = new Set(plan.features.map((feature) => String(feature.id)));
  const slug = String(name ?? "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  const base = slug ? `stop-${slug}` : "stop";
  for (let n = 1; ; n += 1) {
    const id = n === 1 && slug ? base : `${base}-${n}`;
    if (!taken.has(id) && ELEMENT_ID.test(id)) return id;
  }
}

/** Undo and redo history: the plans before each change, newest last, with what each change
 * was; undone changes wait for redo until a new change is made. */
export class History {
  constructor(limit = 100) {
    this.limit = limit;
    this.entries = [];
    this.undone = [];
  }

  push(plan, description) {
    this.entries.push({ plan: clonePlan(plan), description });
    if (this.entries.length > this.limit) this.entries.shift();
    this.undone = [];
  }

  get canUndo() {
    return this.entries.length > 0;
  }

  get canRedo() {
    return this.undone.length > 0;
  }

  /** The last change undone: { plan (to go back to), description }, or null. `current` (the
   * plan now) is kept for redo. */
  undo(current) {
    const entry = this.entries.pop() ?? null;
    if (entry) this.undone.push({ plan: clonePlan(current), description: entry.description });
    return entry;
  }

  /** The last undone change made again: { plan, description }, or null. */
  redo(current) {
    const entry = this.undone.pop() ?? null;
    if (entry) this.entries.push({ plan: clonePlan(current), description: entry.description });
    return entry;
  }

  clear() {
    this.entries = [];
    this.undone = [];
  }
}

// --- re-routing a line ------------------------------------------------------------------------

export const MIN_LINE_VERTICES = 2;

/** Can the feature be re-routed: a LineString, or a MultiLineString (each part on its own)? */
export function isLine(feature) {
  const type = feature?.geometry?.type;
  return type === "LineString" || type === "MultiLineString";
}

/** The vertex lists of a line, one per part (the plan's own arrays: read, do not change). */
export function lineParts(feature) {
  if (feature.geometry.type === "LineString") return [feature.geometry.coordinates];
  if (feature.geometry.type === "MultiLineString") return feature.geometry.coordinates;
  return [];
}

function editLine(plan, id, part, change) {
  const next = clonePlan(plan);
  const feature = featureById(next, id);
  if (!isLine(feature)) throw new Error(`no line ${id}`);
  const vertices = lineParts(feature)[part];
  if (!vertices) throw new Error(`line ${id} has no part ${part}`);
  change(vertices);
  return next;
}

/** The line's vertex `index` (of part `part`) moved to `position` (its altitude, if any, kept). */
export function moveVertex(plan, id, part, index, position) {
  return editLine(plan, id, part, (vertices) => {
    if (!vertices[index]) throw new Error(`line ${id} has no vertex ${index}`);
    vertices[index] = [...roundPosition(position), ...vertices[index].slice(2)];
  });
}

/** A new vertex at `position`, becoming vertex `index` of the part (the later ones shift on);
 * on a line with altitudes it takes its neighbour's, so every position keeps one length. */
export function insertVertex(plan, id, part, index, position) {
  return editLine(plan, id, part, (vertices) => {
    if (index < 0 || index > vertices.length) throw new Error(`line ${id}: no place ${index}`);
    const altitude = (vertices[index - 1] ?? vertices[index]).slice(2);
    vertices.splice(index, 0, [...roundPosition(position), ...altitude]);
  });
}

/** Vertex `index` of the part removed; a part keeps at least MIN_LINE_VERTICES. */
export function removeVertex(plan, id, part, index) {
  return editLine(plan, id, part, (vertices) => {
    if (vertices.length <= MIN_LINE_VERTICES) throw new Error(`line ${id}: too few vertices`);
    if (!vertices[index]) throw new Error(`line ${id} has no vertex ${index}`);
    vertices.splice(index, 1);
  });
}

/**
 * The alternative a stored map diff (the `diff` of a submission, chalicelib/domain/diff.py
 * MapDiff.to_dict) describes, rebuilt from the option's plan: for showing others' alternatives
 * (mode "compare") from a listed submission, which carries its diff but not its plan.
 */
export function planFromDiff(optionPlan, diff) {
  const removed = new Set(diff.removed.map((record) => String(record.id)));
  const moved = new Map(diff.moved.map((record) => [String(record.id), record.geometry]));
  const properties = new Map(diff.properties.map((record) => [String(record.id), record]));
  const features = optionPlan.features
    .filter((feature) => !removed.has(String(feature.id)))
    .map((feature) => {
      const next = structuredClone(feature);
      const id = String(feature.id);
      if (moved.has(id)) next.geometry = structuredClone(moved.get(id));
      const changes = properties.get(id);
      if (changes) {
        next.properties = { ...(next.properties ?? {}) };
        for (const [key, change] of Object.entries(changes.changed ?? {})) next.properties[key] = change.new;
        Object.assign(next.properties, changes.added ?? {});
        for (const key of changes.removed ?? []) delete next.properties[key];
      }
      return next;
    });
  features.push(...structuredClone(diff.added));
  if (diff.order) {
    const byId = new Map(features.map((feature) => [String(feature.id), feature]));
    return { type: "FeatureCollection", features: diff.order.map((id) => byId.get(String(id))) };
  }
  return { type: "FeatureCollection", features };
}

/**
 * What an alternative changes in the option's map, as the API's `plan_edit` (the inverse of
 * applying it; chalicelib/domain/plan_edit.py map_edit_between): ids removed, features moved
 * or re-routed with their new geometry, new properties, features added, and the order only
 * when it is not the option's (kept features, then the added ones). The map page always sends
 * this rather than the whole plan: a large network (up to 300 KB stored, several MB of
 * GeoJSON) does not fit in a submission body whole, and an edit of a few stops is small.
 */
export function planEdit(optionPlan, plan) {
  const before = new Map(optionPlan.features.map((feature) => [String(feature.id), feature]));
  const after = new Set(plan.features.map((feature) => String(feature.id)));
  const edit = { removed: [], moved: [], properties: [], added: [] };
  for (const id of before.keys()) if (!after.has(id)) edit.removed.push(id);
  for (const feature of plan.features) {
    const id = String(feature.id);
    const old = before.get(id);
    if (!old) {
      edit.added.push(structuredClone({ ...feature, id }));
      continue;
    }
    if (!sameJson(old.geometry, feature.geometry)) edit.moved.push({ id, geometry: structuredClone(feature.geometry) });
    if (!sameJson(old.properties ?? {}, feature.properties ?? {})) {
      edit.properties.push({ id, properties: structuredClone(feature.properties ?? {}) });
    }
  }
  const expected = [...[...before.keys()].filter((id) => after.has(id)), ...edit.added.map((feature) => feature.id)];
  const order = plan.features.map((feature) => String(feature.id));
  if (order.some((id, index) => id !== expected[index])) edit.order = order;
  return edit;
}

/** Equal as JSON (key order aside): what the server compares, where 1 and 1.0 are one number. */
function sameJson(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson(a[key], b[key]));
  }
  return a === b;
}
