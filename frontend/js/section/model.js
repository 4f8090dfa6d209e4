// The alternative editor's model: a canonical section plan, edited by pure operations with an
// undo/redo history, and its diff against the option (as the server's chalicelib/domain/diff.py
// computes it: segments matched by id; moved = kept segments outside a longest common
// subsequence of the kept ids).

export const round = (n, step = 1000) => Math.round(n * step) / step;

export function canonical(plan) {
  const segments = plan.segments.map((s) => ({
    id: s.id,
    type: s.type,
    variantString: s.variantString ?? "",
    width: s.width,
    elevation: s.elevation ?? 0,
  }));
  const out = { width: plan.width, units: plan.units ?? 0, segments };
  for (const key of ["name", "leftBuildingHeight", "rightBuildingHeight"]) {
    if (plan[key] !== undefined && plan[key] !== null) out[key] = plan[key];
  }
  return out;
}

export function occupied(plan) {
  return round(plan.segments.reduce((sum, s) => sum + s.width, 0));
}

export function remaining(plan) {
  return round(plan.width - occupied(plan));
}

export class History {
  constructor(plan, { past = [], future = [] } = {}) {
    this.plan = plan;
    this.past = past; // [{plan, change}]
    this.future = future;
  }
  apply(next, change) {
    this.past.push({ plan: this.plan, change });
    this.future = [];
    this.plan = next;
  }
  undo() {
    const step = this.past.pop();
    if (!step) return null;
    this.future.push({ plan: this.plan, change: step.change });
    this.plan = step.plan;
    return step.change;
  }
  redo() {
    const step = this.future.pop();
    if (!step) return null;
    this.past.push({ plan: this.plan, change: step.change });
    this.plan = step.plan;
    return step.change;
  }
}

const withSegments = (plan, segments) => ({ ...plan, segments });

export function resize(plan, index, width, kind) {
  const low = kind ? kind.min_width : 0.25;
  const high = kind ? kind.max_width : 120;
  const clamped = round(Math.min(high, Math.max(low, width)));
  const segments = plan.segments.map((s, i) => (i === index ? { ...s, width: clamped } : s));
  return withSegments(plan, segments);
}

export function move(plan, from, to) {
  if (to < 0 || to >= plan.segments.length || to === from) return plan;
  const segments = [...plan.segments];
  const [segment] = segments.splice(from, 1);
  segments.splice(to, 0, segment);
  return withSegments(plan, segments);
}

export function remove(plan, index) {
  return withSegments(plan, plan.segments.filter((_, i) => i !== index));
}

export function newId(plan, type) {
  const taken = new Set(plan.segments.map((s) => s.id));
  let n = 1;
  while (taken.has(`${type}-new-${n}`)) n += 1;
  return `${type}-new-${n}`;
}

export function add(plan, index, kind) {
  const segment = {
    id: newId(plan, kind.name),
    type: kind.name,
    variantString: kind.directional ? "inbound" : "",
    width: kind.default_width,
    elevation: 0,
  };
  const segments = [...plan.segments];
  segments.splice(index, 0, segment);
  return withSegments(plan, segments);
}

export function setVariant(plan, index, direction) {
  const segments = plan.segments.map((s, i) => {
    if (i !== index) return s;
    const parts = (s.variantString || "").split("|").filter(Boolean);
    if (parts.length && (parts[0] === "inbound" || parts[0] === "outbound")) parts[0] = direction;
    else parts.unshift(direction);
    return { ...s, variantString: parts.join("|") };
  });
  return withSegments(plan, segments);
}

export function direction(segment) {
  const first = (segment.variantString || "").split("|")[0];
  return first === "inbound" || first === "outbound" ? first : null;
}

function lcs(a, b) {
  const table = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const out = new Set();
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.add(a[i]);
      i += 1;
      j += 1;
    } else if (table[i + 1][j] >= table[i][j + 1]) i += 1;
    else j += 1;
  }
  return out;
}

/** {added: [seg], removed: [seg], resized: [{segment, old, new}], moved: [{segment, from, to}], retyped, revarianted} */
export function diff(option, plan) {
  const oldById = new Map(option.segments.map((s, i) => [s.id, { s, i }]));
  const newIds = new Set(plan.segments.map((s) => s.id));
  const added = plan.segments.filter((s) => !oldById.has(s.id));
  const removed = option.segments.filter((s) => !newIds.has(s.id));
  const kept = plan.segments.filter((s) => oldById.has(s.id));
  const resized = kept
    .filter((s) => oldById.get(s.id).s.width !== s.width)
    .map((s) => ({ segment: s, old: oldById.get(s.id).s.width, new: s.width }));
  const varianted = kept
    .filter((s) => (oldById.get(s.id).s.variantString || "") !== (s.variantString || ""))
    .map((s) => ({ segment: s, old: oldById.get(s.id).s.variantString, new: s.variantString }));
  const inPlace = lcs(
    option.segments.filter((s) => newIds.has(s.id)).map((s) => s.id),
    kept.map((s) => s.id),
  );
  const moved = plan.segments
    .map((s, index) => ({ s, index }))
    .filter(({ s }) => oldById.has(s.id) && !inPlace.has(s.id))
    .map(({ s, index }) => ({ segment: s, from: oldById.get(s.id).i, to: index }));
  return { added, removed, resized, varianted, moved };
}

export function isEmpty(d) {
  return !d.added.length && !d.removed.length && !d.resized.length && !d.varianted.length && !d.moved.length;
}

/** The segment's variant with `value` in place of whichever of `group`'s values it had. */
export function setVariantPart(plan, index, group, value) {
  const segments = plan.segments.map((s, i) => {
    if (i !== index) return s;
    const parts = (s.variantString || "").split("|").filter(Boolean);
    const at = parts.findIndex((part) => group.includes(part));
    if (at >= 0) parts[at] = value;
    else parts.push(value);
    return { ...s, variantString: parts.join("|") };
  });
  return withSegments(plan, segments);
}

/** Which of `group`'s values the segment has (or null). */
export function variantPart(segment, group) {
  return (segment.variantString || "").split("|").find((part) => group.includes(part)) ?? null;
}
