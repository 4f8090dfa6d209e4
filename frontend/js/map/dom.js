// Small DOM and coordinate helpers shared by the map modules.

/** An element with attributes ("text" sets textContent, "onX" adds a listener) and children.
 * Resident text only ever goes in as text. */
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2).toLowerCase(), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

/** GeoJSON [lon, lat] → Leaflet [lat, lon]. */
export const toLatLng = ([lon, lat]) => [lat, lon];

/** A Leaflet LatLng → GeoJSON [lon, lat]. */
export const toPosition = (latlng) => [latlng.lng, latlng.lat];
