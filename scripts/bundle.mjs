// The pages' scripts and styles bundled, minified and content-hashed (run by `make frontend`,
// after scripts/build_frontend_data.py; esbuild is pinned in package.json, build-only).
//
//   frontend/assets/<name>-<hash>.{js,css,png}   what the pages load (immutable: the name changes
//                                                 with the content)
//   frontend/generated/assets.json               the manifest: which file each page loads and
//                                                 preloads; read by scripts/build_html.py (the
//                                                 static pages) and by the renderer of the
//                                                 pre-rendered pages (chalicelib/domain/pages.py,
//                                                 from the site bucket)
//   frontend/generated/styles.js                 the map's stylesheet under its hashed name (the
//                                                 map chunk adds it when a map mounts)
//
// One bundle per page (consultation, option, responses, forget, staff), each built on its own so a
// page loads its own script and as few chunks as can be: every file is a request, and over
// HTTP/1.1 (the local pages server) a browser opens at most six connections to a host, so a
// seventh file waits a whole round trip for a free one. The option page is code split so each
// option kind is one chunk, loaded only on an option of that kind: section (the drawing, the
// editor, the validator, the segment catalogue) and map (Leaflet and the map code, a bundle of
// its own that shares nothing, so esbuild's runtime helpers Leaflet needs stay in it instead of
// becoming one more shared chunk). The pages keep `import.meta.url`-relative URLs; /assets/ is
// one level below the root, as js/ was, so they resolve to the same files.
import * as esbuild from "esbuild";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FRONTEND = path.join(ROOT, "frontend");
const OUT = path.join(FRONTEND, "assets");
const GENERATED = path.join(FRONTEND, "generated");
const PUBLIC = "/assets/";

// page -> [its script, its stylesheets]; the kinds are chunks of the option page.
const RESIDENT = {
  consultation: "js/consultation-page.js",
  option: "js/option-page.js",
  responses: "js/responses-page.js",
  forget: "js/forget-page.js",
};
const STAFF = { staff: "js/staff/app.js" };
const KINDS = { section: "js/section/section.js", map: "js/map/map.js" };
const STYLES = { app: "css/app.css", staff: "css/staff.css", map: "generated/map-styles.css" };
const PAGE_STYLES = { consultation: ["app"], option: ["app"], responses: ["app"], forget: ["app"], staff: ["app", "staff"] };

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  minify: true,
  outdir: OUT,
  metafile: true,
  charset: "utf8",
  legalComments: "eof", // the libraries' licence comments stay in the files that ship them
  entryNames: "[name]-[hash]",
  chunkNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  logLevel: "warning",
};

const from = (file) => path.join("frontend", file);
const served = (output) => PUBLIC + path.basename(output);

/** entry source -> its output, and every output's static imports. */
function outputs(metafile) {
  const byEntry = new Map();
  const imports = new Map();
  for (const [output, info] of Object.entries(metafile.outputs)) {
    if (output.endsWith(".map")) continue;
    if (info.entryPoint) byEntry.set(info.entryPoint, output);
    imports.set(
      output,
      info.imports.filter((i) => i.kind === "import-statement" && !i.external).map((i) => i.path),
    );
  }
  return { byEntry, imports };
}

/** What a module needs before it runs: its static imports, transitively (its preloads). */
function closure(start, imports) {
  const seen = new Set();
  const visit = (output) => {
    for (const next of imports.get(output) || []) {
      if (!seen.has(next)) {
        seen.add(next);
        visit(next);
      }
    }
  };
  visit(start);
  seen.delete(start);
  return [...seen].sort();
}

await rm(OUT, { recursive: true, force: true });
await mkdir(OUT, { recursive: true });
await mkdir(GENERATED, { recursive: true });
// Leaflet's stylesheet and the map's, one file (its images hashed beside it).
await writeFile(
  path.join(GENERATED, "map-styles.css"),
  '@import "../vendor/leaflet/leaflet.css";\n@import "../css/map.css";\n',
);

const css = await esbuild.build({
  ...common,
  entryPoints: Object.fromEntries(Object.entries(STYLES).map(([name, file]) => [name, from(file)])),
  loader: { ".png": "file", ".svg": "file" },
});
const styleOut = outputs(css.metafile).byEntry;
const styles = Object.fromEntries(
  Object.entries(STYLES).map(([name, file]) => [name, served(styleOut.get(from(file)))]),
);
await writeFile(
  path.join(GENERATED, "styles.js"),
  "// Written by scripts/bundle.mjs: the map's stylesheet (Leaflet's and css/map.css) as built.\n" +
    `export const MAP_STYLES = ${JSON.stringify([styles.map])};\n`,
);

const scripts = {};
const esm = { ...common, format: "esm", target: ["es2022"] };
// The map chunk first, whole (Leaflet, the map code and the helpers they need).
const mapBuilt = await esbuild.build({ ...esm, entryPoints: { map: from(KINDS.map) } });
const mapOutput = outputs(mapBuilt.metafile).byEntry.get(from(KINDS.map));
scripts.map = { script: served(mapOutput), preload: [] };
// The pages import it by its built name (a sibling in /assets/).
const mapChunk = {
  name: "map-chunk",
  setup(build) {
    build.onResolve({ filter: /\/map\/map\.js$/ }, (args) =>
      args.kind === "dynamic-import" ? { path: `./${path.basename(mapOutput)}`, external: true } : undefined,
    );
  },
};
for (const entries of [...Object.entries(RESIDENT).map(([name, file]) => ({ [name]: file })), STAFF]) {
  const built = await esbuild.build({
    ...esm,
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, from(file)])),
    splitting: true,
    plugins: entries === STAFF ? [] : [mapChunk],
  });
  const { byEntry, imports } = outputs(built.metafile);
  const dynamic = entries.option ? { section: KINDS.section } : {};
  for (const [name, file] of Object.entries({ ...entries, ...dynamic })) {
    const output = byEntry.get(from(file));
    if (!output) throw new Error(`no bundle for ${file}: is it imported?`);
    scripts[name] = { script: served(output), preload: closure(output, imports).map(served) };
  }
}

const manifest = {
  comment: "Written by scripts/bundle.mjs (make frontend): what each page loads.",
  styles,
  pages: Object.fromEntries(
    Object.keys({ ...RESIDENT, ...STAFF }).map((page) => [
      page,
      { ...scripts[page], styles: PAGE_STYLES[page].map((name) => styles[name]) },
    ]),
  ),
  kinds: {
    section: { ...scripts.section, styles: [] },
    map: { ...scripts.map, styles: [styles.map] },
  },
};
await writeFile(path.join(GENERATED, "assets.json"), JSON.stringify(manifest, null, 2) + "\n");
