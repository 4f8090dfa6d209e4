// What an option page of kind "section" loads, as one module (one chunk when bundled,
// scripts/bundle.mjs): the model, the drawing and list, the editor and the validator.
export * as model from "./model.js";
export * as ui from "./section-ui.js";
export * as editor from "./editor.js";
export { validateSection } from "./validate.js";
