// What an option page of kind "section" loads, as one module (one chunk when bundled,
// scripts/bundle.mjs): the model, the drawing and list, the editor, the validator and the
// segment catalogue (in the chunk: no request of its own). Plain objects, not `export * as`:
// a namespace object would need esbuild's runtime helper, a chunk of its own shared with the
// map chunk (one more request, and one more connection of the six HTTP/1.1 allows).
import catalogue from "../../generated/catalogue.json" with { type: "json" };
import { History, canonical, occupied } from "./model.js";
import { sectionDrawing, segmentLabel, segmentList } from "./section-ui.js";
import { bind, editorView, onListKey, onPointerDown } from "./editor.js";

export { catalogue };
export { validateSection } from "./validate.js";
export const model = { History, canonical, occupied };
export const ui = { sectionDrawing, segmentLabel, segmentList };
export const editor = { bind, editorView, onListKey, onPointerDown };
