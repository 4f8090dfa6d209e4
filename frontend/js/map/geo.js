// Distances and directions on a map plan, for announcing where a crosshair or a pin is
// ("120 m north-east of Balmoral") and how far a stop moved. Pure functions, no DOM.

const EARTH_RADIUS_M = 6371008.8; // the server's figure (chalicelib/domain/diff.py)
const RAD = Math.PI / 180;

/** Great-circle distance in metres between two [lon, lat] positions. */
export function distanceM([lon1, lat1], [lon2, lat2]) {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** One of eight compass points ("n", "ne", … "nw") from `from` towards `to`. */
export function compassPoint(from, to) {
  const [x, y] = toLocalMetres(to, from);
  const degrees = (Math.atan2(x, y) / RAD + 360) % 360; // 0 = north, clockwise
  return ["n", "ne", "e", "se", "s", "sw", "w", "nw"][Math.round(degrees / 45) % 8];
}

// Metres east and north of `origin`: flat enough for the few kilometres of a consultation map.
function toLocalMetres([lon, lat], [lon0, lat0]) {
  return [
    (lon - lon0) * RAD * EARTH_RADIUS_M * Math.cos(lat0 * RAD),
    (lat - lat0) * RAD * EARTH_RADIUS_M,
  ];
}

function fromLocalMetres([x, y], [lon0, lat0]) {
  return [
    lon0 + x / (RAD * EARTH_RADIUS_M * Math.cos(lat0 * RAD)),
    lat0 + y / (RAD * EARTH_RADIUS_M),
  ];
}

/** The point of segment a–b closest to p (all [lon, lat]). */
function closestOnSegment(p, a, b) {
  const [ax, ay] = toLocalMetres(a, p);
  const [bx, by] = toLocalMetres(b, p);
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
  return fromLocalMetres([ax + t * dx, ay + t * dy], p);
}

function closestOnLine(p, positions) {
  let best = positions[0];
  let bestDistance = Infinity;
  for (let i = 1; i < positions.length; i += 1) {
    const candidate = closestOnSegment(p, positions[i - 1], positions[i]);
    const d = distanceM(p, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function insideRing([x, y], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Is p inside the polygon (its outline, not in one of its holes)? */
export function insidePolygon(p, rings) {
  return insideRing(p, rings[0]) && !rings.slice(1).some((hole) => insideRing(p, hole));
}

/**
 * A geometry as the simple geometries it is drawn with: [{type: Point|LineString|Polygon,
 * coordinates}] — one for a Point, LineString or Polygon, one per part for MultiPoint,
 * MultiLineString, MultiPolygon, and every member's parts for a GeometryCollection.
 */
export function simpleParts(geometry) {
  const { type } = geometry;
  if (type === "GeometryCollection") return geometry.geometries.flatMap(simpleParts);
  if (type.startsWith("Multi")) {
    return geometry.coordinates.map((coordinates) => ({ type: type.slice(5), coordinates }));
  }
  return [{ type, coordinates: geometry.coordinates }];
}

/** Every position of a geometry, in order (rings' closing repeats included). */
export function positionsOf(geometry) {
  return simpleParts(geometry).flatMap(({ type, coordinates }) =>
    type === "Point" ? [coordinates] : type === "LineString" ? coordinates : coordinates.flat(),
  );
}

function closestOnPart(p, { type, coordinates }) {
  if (type === "Point") return coordinates.slice(0, 2);
  if (type === "LineString") return closestOnLine(p, coordinates);
  return closestOnLine(p, coordinates.flat());
}

/** The point of a feature's geometry closest to p: the point itself, on a line, on an outline
 * (of whichever part is nearest, for a geometry of several parts). */
export function closestPoint(p, geometry) {
  let best = null;
  let bestDistance = Infinity;
  for (const part of simpleParts(geometry)) {
    const candidate = closestOnPart(p, part);
    const d = distanceM(p, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Is p inside one of the geometry's polygons (Polygon, MultiPolygon, or a collection's)? */
export function insideArea(p, geometry) {
  return simpleParts(geometry).some(
    (part) => part.type === "Polygon" && insidePolygon(p, part.coordinates),
  );
}

/**
 * Where p is, in words a person can picture: the nearest point feature (a stop) with its distance
 * and direction, or the nearest feature of any kind when the map has no points, and the areas p is
 * inside. Returns { feature, distanceM, direction, inside: [features] } (feature null on an empty map).
 */
export function describePosition(p, features) {
  const points = features.filter((f) => f.geometry.type === "Point");
  const candidates = points.length ? points : features;
  let nearest = null;
  let nearestDistance = Infinity;
  let nearestPoint = null;
  for (const feature of candidates) {
    const onFeature = closestPoint(p, feature.geometry);
    const d = distanceM(p, onFeature);
    if (d < nearestDistance) {
      nearest = feature;
      nearestDistance = d;
      nearestPoint = onFeature;
    }
  }
  const inside = features.filter((f) => insideArea(p, f.geometry));
  return {
    feature: nearest,
    distanceM: nearest ? nearestDistance : null,
    direction: nearest ? compassPoint(nearestPoint, p) : null,
    inside,
  };
}

// A tag Intl accepts: the pseudo-locale ("x-pseudo") and unknown tags fall back to the default.
function intlLocale(lang) {
  try {
    return Intl.NumberFormat.supportedLocalesOf([lang]).length ? lang : undefined;
  } catch {
    return undefined;
  }
}

/** A distance for people: whole metres under 100, tens under 1 km, then km with one decimal. */
export function formatDistance(metres, requested) {
  const lang = intlLocale(requested);
  const rounded = metres < 100 ? Math.round(metres) : Math.round(metres / 10) * 10;
  if (rounded >= 1000) { // 996 m is "1 km", not "1,000 m"
    return new Intl.NumberFormat(lang, {
      style: "unit",
      unit: "kilometer",
      maximumFractionDigits: 1,
    }).format(metres / 1000);
  }
  return new Intl.NumberFormat(lang, { style: "unit", unit: "meter" }).format(rounded);
}

/** A position rounded to 7 decimals (about a centimetre), as plans store it. */
export function roundPosition([lon, lat]) {
  const round = (n) => Math.round(n * 1e7) / 1e7;
  return [round(lon), round(lat)];
}
