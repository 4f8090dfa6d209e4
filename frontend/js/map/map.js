// What an option page of kind "map" loads, as one module (one chunk when bundled,
// scripts/bundle.mjs): the map (with Leaflet) and the plan edits.
export { mountMapOption } from "./map-option.js";
export { planEdit, planFromDiff } from "./plan-edit.js";
