// The server's section rules (chalicelib/domain/section.py) for sayso's canonical form, the form
// the editor sends: the same verdicts, field paths and messages, for instant feedback. The server
// stays the authority; test_client_validator_agrees_with_the_server in tests/e2e/test_pages.py runs
// one corpus (tests/e2e/section_corpus.json) through both. Limits, the id rule and the catalogue
// come from frontend/generated/catalogue.json (generated from Python).

function shorten(text, limit = 40) {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function pyRepr(text) {
  const quoteChar = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of text) {
    if (ch === "\\") out += "\\\\";
    else if (ch === quoteChar) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else out += ch;
  }
  return quoteChar + out + quoteChar;
}

const quote = (text) => pyRepr(shorten(text));

function readNumber(value) {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function g6(number) {
  // Python's f"{x:.6g}"
  if (number === 0) return "0";
  const exponent = Math.floor(Math.log10(Math.abs(number)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, exp] = number.toExponential(5).split("e");
    const trimmed = mantissa.includes(".") ? mantissa.replace(/\.?0+$/, "") : mantissa;
    const sign = exp.startsWith("-") ? "-" : "+";
    const digits = exp.replace(/^[+-]/, "").padStart(2, "0");
    return `${trimmed}e${sign}${digits}`;
  }
  const text = number.toFixed(Math.max(0, 5 - exponent));
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

function describe(value) {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return `the text ${quote(value)}`;
  if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? String(value) : g6(value);
  if (Array.isArray(value)) return `a list of ${value.length} items`;
  return "an object";
}

export function fmt(number) {
  const text = (Math.round(number * 1000) / 1000).toFixed(3).replace(/0+$/, "");
  return text.endsWith(".") ? `${text}0` : text;
}

const round3 = (n) => Math.round(n * 1000) / 1000;

/** Problems of a canonical section plan: [{field, message}], [] when valid. */
export function validateSection(raw, catalogue, path = "plan") {
  const problems = [];
  let overflowed = false;
  const add = (field, message) => {
    if (problems.length < catalogue.max_problems) problems.push({ field, message });
    else overflowed = true;
  };
  const types = new Map(catalogue.types.map((type) => [type.name, type]));
  const idPattern = new RegExp(catalogue.id_pattern);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    add(path, "a street section must be a JSON object (a Streetmix street, a Streetmix API response, or an object with width and segments), not " + `${describe(raw)}.`);
    return problems;
  }
  // street width
  let width = null;
  const rawWidth = raw.width;
  if (rawWidth === undefined || rawWidth === null) add(`${path}.width`, "the street has no width; give its width in metres.");
  else if (readNumber(rawWidth) === null) add(`${path}.width`, `the street width must be a number of metres, not ${describe(rawWidth)}.`);
  else {
    const metres = round3(rawWidth);
    if (metres < catalogue.street_min_width || metres > catalogue.street_max_width) {
      add(`${path}.width`, `the street is ${fmt(metres)} m wide; a street must be ${fmt(catalogue.street_min_width)}–${fmt(catalogue.street_max_width)} m wide.`);
    } else width = metres;
  }
  const units = raw.units;
  if (units !== undefined && units !== null && ![0, 1, 2].includes(units)) {
    add(`${path}.units`, `units must be 0 (metric) or 1 (imperial), not ${describe(units)}.`);
  }
  if (raw.name !== undefined && raw.name !== null) {
    if (typeof raw.name !== "string") add(`${path}.name`, `the street name must be text, not ${describe(raw.name)}.`);
    else if ([...raw.name].length > catalogue.max_name_chars) add(`${path}.name`, `the street name is ${[...raw.name].length} characters long; the limit is ${catalogue.max_name_chars}.`);
  }
  for (const side of ["leftBuildingHeight", "rightBuildingHeight"]) {
    const value = raw[side];
    if (value === undefined || value === null) continue;
    const number = readNumber(value);
    if (number === null || number < 0 || number > catalogue.max_building_floors) {
      add(`${path}.${side}`, `a building height is a number of floors from 0 to ${catalogue.max_building_floors}, not ${describe(value)}.`);
    }
  }
  const field = `${path}.segments`;
  const segments = raw.segments;
  let widths = null;
  if (segments === undefined || segments === null) add(field, "the street has no segments; list them from left to right.");
  else if (!Array.isArray(segments)) add(field, `segments must be a list of segment objects, not ${describe(segments)}.`);
  else if (!segments.length) add(field, "the street needs at least one segment.");
  else {
    if (segments.length > catalogue.max_segments) add(field, `the street has ${segments.length} segments; at most ${catalogue.max_segments} are allowed.`);
    widths = [];
    const firstWith = new Map();
    const ids = [];
    let complete = true;
    segments.forEach((item, index) => {
      if (overflowed) return;
      const number = index + 1;
      const at = `${field}[${index}]`;
      if (item === null || typeof item !== "object" || Array.isArray(item)) {
        add(at, `segment ${number} must be an object with a type and a width, not ${describe(item)}.`);
        complete = false;
        ids.push(null);
        return;
      }
      let typeName = null;
      let kind = null;
      const rawType = item.type;
      if (rawType === undefined || rawType === null) add(`${at}.type`, `segment ${number} has no type; give its kind, e.g. 'sidewalk'.`);
      else if (typeof rawType !== "string") add(`${at}.type`, `segment ${number} type must be text such as 'sidewalk', not ${describe(rawType)}.`);
      else {
        kind = types.get(rawType) || null;
        typeName = kind ? rawType : shorten(rawType);
        if (!kind) add(`${at}.type`, `unknown segment type ${quote(rawType)}; known types include ${catalogue.common_types.join(", ")} (${catalogue.types.length} in all, see the segment catalogue).`);
      }
      const label = typeName === null ? `segment ${number}` : `segment ${number} (${typeName})`;
      let givenId = null;
      if (item.id !== undefined && item.id !== null) {
        if (typeof item.id === "string" && idPattern.test(item.id)) givenId = item.id;
        else add(`${at}.id`, `${label} has the id ${describe(item.id)}; an id must be ${catalogue.id_rule}, e.g. 'west-footpath'.`);
      }
      ids.push(givenId);
      let variantOk = true;
      let variant = null;
      let variantField = null;
      if (item.variantString !== undefined && item.variantString !== null) [variant, variantField] = [item.variantString, `${at}.variantString`];
      else if (item.variant !== undefined && item.variant !== null) [variant, variantField] = [item.variant, `${at}.variant`];
      if (variant !== null) {
        if (typeof variant === "object" && !Array.isArray(variant) && Object.values(variant).every((v) => typeof v === "string")) variant = Object.values(variant).join("|");
        if (typeof variant !== "string") {
          add(variantField, `${label} variant must be text such as 'inbound|regular', not ${describe(variant)}.`);
          variantOk = false;
        } else if ([...variant].length > catalogue.max_variant_chars) {
          add(variantField, `${label} variant is ${[...variant].length} characters long; the limit is ${catalogue.max_variant_chars}.`);
          variantOk = false;
        }
      }
      let segmentWidth = null;
      const rawSegmentWidth = item.width;
      if (rawSegmentWidth === undefined || rawSegmentWidth === null) add(`${at}.width`, `${label} has no width; give its width in metres.`);
      else if (readNumber(rawSegmentWidth) === null) add(`${at}.width`, `${label} width must be a number of metres, not ${describe(rawSegmentWidth)}.`);
      else {
        const metres = round3(rawSegmentWidth);
        const [low, high, what] = kind ? [kind.min_width, kind.max_width, `a ${kind.name}`] : [catalogue.segment_min_width, catalogue.segment_max_width, "a segment"];
        if (metres < low || metres > high) add(`${at}.width`, `${label} is ${fmt(metres)} m wide; ${what} must be ${fmt(low)}–${fmt(high)} m.`);
        else segmentWidth = metres;
      }
      let elevationOk = true;
      const elevation = item.elevation;
      if (elevation !== undefined && elevation !== null) {
        if (readNumber(elevation) === null) {
          add(`${at}.elevation`, `${label} elevation must be a number, in metres above road level; not ${describe(elevation)}.`);
          elevationOk = false;
        } else if (round3(elevation) < catalogue.min_elevation || round3(elevation) > catalogue.max_elevation) {
          add(`${at}.elevation`, `${label} is raised ${fmt(round3(elevation))} m; elevation must be between ${fmt(catalogue.min_elevation)} and ${fmt(catalogue.max_elevation)} m, 0 being road level.`);
          elevationOk = false;
        }
      }
      if (!(kind && variantOk && segmentWidth !== null && elevationOk)) complete = false;
      widths.push(segmentWidth);
    });
    ids.forEach((id, index) => {
      if (id === null) return;
      if (firstWith.has(id)) {
        add(`${field}[${index}].id`, `segment ${index + 1} has the id '${id}', which segment ${firstWith.get(id) + 1} already has; ids must be unique in a street.`);
      } else firstWith.set(id, index);
    });
    if (!complete || overflowed) widths = null;
  }
  if (width !== null && widths) {
    const occupied = round3(widths.reduce((sum, w) => sum + w, 0));
    if (occupied > width + catalogue.over_width_tolerance) {
      add(field, `the segments add up to ${fmt(occupied)} m, ${fmt(round3(occupied - width))} m more than the street's width of ${fmt(width)} m; narrow or remove segments, or widen the street.`);
    }
  }
  if (overflowed) {
    problems.splice(catalogue.max_problems - 1);
    problems.push({ field: path, message: `there are more problems than the ${catalogue.max_problems} listed; fix these and send it again to see the rest.` });
  }
  return problems;
}

