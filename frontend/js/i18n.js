// UI strings, one JSON catalogue per language in frontend/i18n/<lang>.json (adding a language is
// adding a file, then `make frontend` lists it in frontend/generated/languages.json, which is
// bundled into this module).
//
// Exports:
//   loadLanguage(preferred?) → Promise<lang>: picks ?lang=, then a pre-rendered page's own
//       language, then the saved choice, then the
//       browser's preferred languages, then "en"; loads the catalogue; sets <html lang dir>.
//       "x-pseudo" is the pseudo-locale (accented, ~40% longer, generated from en at run time).
//   setLanguage(lang) → Promise: switch, remember the choice, fire "sayso:language" on window.
//   t(key, params?) → string: dotted key ("map.zoom_in"), {name} placeholders filled from params;
//       falls back to English, then to the key itself (so a missing string is visible).
//   lang: the current language tag (a live binding); currentLang() the same as a function.
//   languages(): [{tag, name}] the catalogues there are; dir(): "ltr" | "rtl".
//   formatDate(iso, options?), formatNumber(n, options?), formatMetres(n): Intl in the current lang.
//   localized(map): picks consultation text ({en, mi, …}) in the current language, else English,
//       else the first there is; returns {text, lang} so the caller can mark its lang.

import { prerendered } from "./prerendered.js";
// The list is in the bundle (make frontend writes it before bundling): no request of its own.
import LISTED from "../generated/languages.json" with { type: "json" };

const PSEUDO = "x-pseudo";
const STORAGE_KEY = "sayso.lang";
const RTL = new Set(["ar", "he", "fa", "ur"]);

export let lang = "en";
let strings = {};
let fallback = {};
let available = Array.isArray(LISTED) && LISTED.length ? LISTED : [{ tag: "en", name: "English" }];

async function fetchJSON(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

function base(path) {
  return new URL(path, import.meta.url).href;
}

export function languages() {
  return available;
}

export function currentLang() {
  return lang;
}

export function dir() {
  return RTL.has(lang.split("-")[0]) ? "rtl" : "ltr";
}

function lookup(catalogue, key) {
  let node = catalogue;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object" || !(part in node)) return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

export function t(key, params = {}) {
  const template = lookup(strings, key) ?? lookup(fallback, key) ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) =>
    name in params ? String(params[name]) : whole,
  );
}

const ACCENTS = {
  a: "á", b: "ƀ", c: "ç", d: "ď", e: "é", f: "ƒ", g: "ĝ", h: "ĥ", i: "í", j: "ĵ", k: "ķ",
  l: "ĺ", m: "ɱ", n: "ñ", o: "ó", p: "þ", q: "ǫ", r: "ŕ", s: "š", t: "ť", u: "ú", v: "ṽ",
  w: "ŵ", x: "ẋ", y: "ý", z: "ž", A: "Á", B: "Ɓ", C: "Ç", D: "Ď", E: "É", F: "Ƒ", G: "Ĝ",
  H: "Ĥ", I: "Í", J: "Ĵ", K: "Ķ", L: "Ĺ", M: "Ṁ", N: "Ñ", O: "Ó", P: "Þ", Q: "Ǫ", R: "Ŕ",
  S: "Š", T: "Ť", U: "Ú", V: "Ṽ", W: "Ŵ", X: "Ẋ", Y: "Ý", Z: "Ž",
};

// Accents every letter outside {placeholders} and pads the text by 40% so hard-coded strings
// (unaccented) and truncation (the padding cut off) show in tests and screenshots.
export function pseudoString(text) {
  const accented = text
    .split(/(\{\w+\})/)
    .map((part) => (part.startsWith("{") ? part : part.replace(/[A-Za-z]/g, (c) => ACCENTS[c])))
    .join("");
  const padding = Math.max(1, Math.round(text.length * 0.4));
  const words = "ŀőŕéɱ íƥšúɱ ďőĺőŕ šíť ąɱéť ";
  let pad = "";
  while (pad.length < padding) pad += words;
  return `[${accented} ${pad.slice(0, padding).trim()}]`;
}

function pseudoCatalogue(node) {
  if (typeof node === "string") return pseudoString(node);
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, pseudoCatalogue(v)]));
  }
  return node;
}

function choose(preferred) {
  const tags = available.map((entry) => entry.tag);
  const candidates = [];
  const query = new URLSearchParams(location.search).get("lang");
  if (query) candidates.push(query);
  // A pre-rendered page's language is in its address (/c/<cid>/<lang>/…), like ?lang=.
  const rendered = prerendered()?.lang;
  if (rendered) candidates.push(rendered);
  if (preferred) candidates.push(preferred);
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved) candidates.push(saved);
  } catch {
    // storage blocked: the browser's languages decide
  }
  candidates.push(...(navigator.languages || [navigator.language || "en"]));
  for (const candidate of candidates) {
    if (candidate === PSEUDO) return PSEUDO;
    if (tags.includes(candidate)) return candidate;
    const primary = candidate.split("-")[0];
    if (tags.includes(primary)) return primary;
  }
  return "en";
}

async function load(tag) {
  // Both at once (a pre-rendered page preloads both): one round trip, not two.
  const own = tag === "en" || tag === PSEUDO ? null : fetchJSON(base(`../i18n/${tag}.json`));
  own?.catch(() => {}); // awaited below, after English
  fallback = await fetchJSON(base("../i18n/en.json"));
  if (tag === PSEUDO) strings = pseudoCatalogue(fallback);
  else if (tag === "en") strings = fallback;
  else strings = await own;
  lang = tag;
  document.documentElement.lang = tag === PSEUDO ? "en-XA" : tag;
  document.documentElement.dir = dir();
}

export async function loadLanguage(preferred) {
  await load(choose(preferred));
  return lang;
}

export async function setLanguage(tag) {
  await load(tag);
  try {
    if (tag !== PSEUDO) localStorage.setItem(STORAGE_KEY, tag);
  } catch {
    // the choice lasts this page only
  }
  window.dispatchEvent(new CustomEvent("sayso:language", { detail: { lang: tag } }));
}

function intlLang() {
  return lang === PSEUDO ? "en" : lang;
}

export function formatDate(iso, options = { dateStyle: "long" }) {
  if (!iso) return "";
  // A language the browser's Intl lacks (te reo Māori in Chromium) would get English month
  // names: numbers read the same in any language.
  const known = Intl.DateTimeFormat.supportedLocalesOf([intlLang()]).length > 0;
  const shape = known ? options : { day: "numeric", month: "numeric", year: "numeric" };
  return new Intl.DateTimeFormat(known ? intlLang() : "en-NZ", shape).format(new Date(iso));
}

export function formatNumber(value, options = {}) {
  return new Intl.NumberFormat(intlLang(), options).format(value);
}

export function formatMetres(value) {
  return t("units.metres", {
    n: formatNumber(value, { maximumFractionDigits: 2, minimumFractionDigits: 1 }),
  });
}

export function localized(texts) {
  if (!texts) return { text: "", lang: undefined };
  const want = intlLang();
  for (const tag of [want, "en", ...Object.keys(texts)]) {
    if (texts[tag]) return { text: texts[tag], lang: tag };
  }
  return { text: "", lang: undefined };
}
