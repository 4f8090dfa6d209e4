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
/** '2.438 m', or '2.438 m (8 ft)' on an imperial street (section.py in_units). */
export function inUnits(metres, units, foot) {
  if (units !== 1) return `${fmt(metres)} m`;
  const feet = (metres / foot).toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
  return `${fmt(metres)} m (${feet} ft)`;
}

/** Problems of a canonical section plan: [{field, message}], [] when valid. */
export function validateSection(raw, catalogue, path = "plan") {
  const problems = [];
  let overflowed = false;
  const add = (field, message) => {
    if (problems.length < catalogue.max_problems) problems.push({ field, message });
    else overflowed = true;
  };
  const idPattern = new RegExp(catalogue.id_pattern);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    add(path, "a street section must be a JSON object (a Streetmix street, a Streetmix API response, or an object with width and segments), not " + `${describe(raw)}.`);
    return problems;
  }
  // street width; what a person sees is in the street's units (imperial: metres and feet)
  const unitsHint = raw.units === 1 ? 1 : 0;
  let width = null;
  const rawWidth = raw.width;
  if (rawWidth === undefined || rawWidth === null) add(`${path}.width`, "the street has no width; give its width in metres.");
  else if (readNumber(rawWidth) === null) add(`${path}.width`, `the street width must be a number of metres, not ${describe(rawWidth)}.`);
  else {
    const metres = round3(rawWidth);
    const widest = unitsHint === 1 ? catalogue.street_max_width_imperial : catalogue.street_max_width;
    if (metres < catalogue.street_min_width || metres > widest) {
      add(`${path}.width`, `the street is ${inUnits(metres, unitsHint, catalogue.metres_per_foot)} wide; a street must be ${inUnits(catalogue.street_min_width, unitsHint, catalogue.metres_per_foot)} to ${inUnits(widest, unitsHint, catalogue.metres_per_foot)} wide (Streetmix's own limits).`);
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
      // A type sayso does not know is kept, with a warning (sectionWarnings), as on the server.
      let typeName = null;
      const rawType = item.type;
      if (rawType === undefined || rawType === null) add(`${at}.type`, `segment ${number} has no type; give its kind, e.g. 'sidewalk'.`);
      else if (typeof rawType !== "string" || !rawType.trim()) add(`${at}.type`, `segment ${number} type must be text such as 'sidewalk', not ${describe(rawType)}.`);
      else if (rawType.length > catalogue.max_type_chars) add(`${at}.type`, `segment ${number} type is ${rawType.length} characters long; the limit is ${catalogue.max_type_chars}.`);
      else typeName = rawType;
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
        const [low, high] = [catalogue.segment_min_width, catalogue.segment_max_width];
        if (metres < low || metres > high) add(`${at}.width`, `${label} is ${inUnits(metres, unitsHint, catalogue.metres_per_foot)} wide; a segment must be ${inUnits(low, unitsHint, catalogue.metres_per_foot)} to ${inUnits(high, unitsHint, catalogue.metres_per_foot)} wide (Streetmix's own limits).`);
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
      if (!(typeName !== null && variantOk && segmentWidth !== null && elevationOk)) complete = false;
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
  if (overflowed) {
    problems.splice(catalogue.max_problems - 1);
    problems.push({ field: path, message: `there are more problems than the ${catalogue.max_problems} listed; fix these and send it again to see the rest.` });
  }
  return problems;
}

function closeMatch(name, names) {
  // A small stand-in for Python's difflib.get_close_matches(n=1): same letters, other separator.
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return names.find((known) => known.replace(/[^a-z0-9]/g, "") === key) || null;
}

/** What a valid section does that Streetmix saves and sayso accepts, but a person should see:
 * [{field, message, kind}] (section.py section_warnings). */
export function sectionWarnings(plan, catalogue, path = "plan") {
  const warnings = [];
  const units = plan.units === 1 ? 1 : 0;
  const types = new Map(catalogue.types.map((type) => [type.name, type]));
  (plan.segments || []).forEach((segment, index) => {
    const field = `${path}.segments[${index}]`;
    const kind = types.get(segment.type);
    if (!kind) {
      const close = closeMatch(segment.type, [...types.keys()]);
      const hint = close ? ` (did you mean '${close}'?)` : "";
      warnings.push({ field: `${field}.type`, kind: "unknown-type", message: `sayso does not know the segment type ${quote(segment.type)}${hint}; it is kept with its name and drawn as a plain part.` });
    } else if (segment.width < kind.min_width || segment.width > kind.max_width) {
      const size = segment.width < kind.min_width ? "narrow" : "wide";
      warnings.push({ field: `${field}.width`, kind: "unusual-width", message: `segment ${index + 1} (${segment.type}) is ${inUnits(segment.width, units, catalogue.metres_per_foot)} wide, unusually ${size} for a ${kind.label.toLowerCase()} (usually ${inUnits(kind.min_width, units, catalogue.metres_per_foot)} to ${inUnits(kind.max_width, units, catalogue.metres_per_foot)}); check it is what you meant.` });
    }
  });
  const occupied = round3((plan.segments || []).reduce((sum, s) => sum + s.width, 0));
  if (occupied > plan.width + catalogue.over_width_tolerance) {
    warnings.push({ field: `${path}.segments`, kind: "overflow", message: `the segments add up to ${inUnits(occupied, units, catalogue.metres_per_foot)}, ${inUnits(round3(occupied - plan.width), units, catalogue.metres_per_foot)} more than the street's width of ${inUnits(plan.width, units, catalogue.metres_per_foot)}; Streetmix saves such a street and so does sayso, drawn overflowing. Narrow or remove segments, or widen the street, if it was not meant.` });
  }
  return warnings;
}
