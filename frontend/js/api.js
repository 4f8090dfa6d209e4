// The API client of the pages.
//
// Exports:
//   loadConfig() → Promise<config>: /config.json (api_url, consultation, languages, tiles, …),
//       fetched once (a pre-rendered page's data block has it: not fetched); `?c=<cid>`
//       overrides config.consultation on the plain pages.
//   request(method, path, {body, query, editToken, resident, idempotencyKey, signal}) → data
//       (parsed JSON, or null for 204). `resident: true` sends X-Resident-Token (fetched with
//       POST /residents on first need and kept in localStorage). Throws ApiError.
//       options.headers: more request headers (the staff client's Authorization).
//   post(path, body, options): request("POST", …) with an Idempotency-Key. Pass the SAME
//       options.idempotencyKey when retrying after a network failure: the server then answers
//       the first request's result and stores nothing twice. newKey() makes one.
//   ApiError: {status, code, message, field, details: [{field, message}], retryAfter (seconds
//       or null), network (true when no answer came)}; error.fieldMessages() → {field: message}.
//   mySubmissions(): [{id, cid, option_id, kind, edit_token, created_at}] this browser sent;
//       rememberSubmission(entry), forgetSubmission(id).
//   hasResidentToken(): whether this browser holds a resident token (submissions, endorsements
//       and flags sent with it can be downloaded and erased: /consultations/{cid}/residents/me).
//   storage: {get(key, fallback), set(key, value), remove(key)} JSON in localStorage, failure-safe.

import { prerendered } from "./prerendered.js";

let configPromise = null;

export function loadConfig() {
  const inPage = prerendered()?.config; // a pre-rendered page carries it: no round trip
  if (!configPromise && inPage) configPromise = Promise.resolve({ ...inPage });
  if (!configPromise) {
    configPromise = fetch(new URL("../config.json", import.meta.url)).then(async (response) => {
      if (!response.ok) throw new Error(`config.json: ${response.status}`);
      const config = await response.json();
      const override = new URLSearchParams(location.search).get("c");
      if (override) config.consultation = override;
      config.api_url = (config.api_url || "").replace(/\/$/, "");
      return config;
    });
  }
  return configPromise;
}

export const storage = {
  get(key, fallback = null) {
    try {
      const raw = localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch {
      return fallback;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // full or blocked: the page still works, it just forgets on reload
    }
  },
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      // nothing to do
    }
  },
};

export class ApiError extends Error {
  constructor({ status = 0, code = "network", message = "", field = null, details = [], retryAfter = null, network = false }) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = details;
    this.retryAfter = retryAfter;
    this.network = network;
  }

  fieldMessages() {
    const messages = {};
    const all = this.details.length ? this.details : [{ field: this.field, message: this.message }];
    for (const { field, message } of all) {
      const key = field || "";
      messages[key] = messages[key] ? `${messages[key]} ${message}` : message;
    }
    return messages;
  }
}

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const RESIDENT_KEY = "sayso.resident";
let residentPromise = null;

async function residentToken() {
  const saved = storage.get(RESIDENT_KEY);
  if (saved) return saved;
  if (!residentPromise) {
    residentPromise = request("POST", "/residents", { idempotencyKey: newKey() })
      .then((data) => {
        storage.set(RESIDENT_KEY, data.token);
        return data.token;
      })
      .finally(() => {
        residentPromise = null;
      });
  }
  return residentPromise;
}

export function hasResidentToken() {
  return Boolean(storage.get(RESIDENT_KEY));
}

function retryAfterSeconds(value) {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

export async function request(method, path, options = {}) {
  const config = await loadConfig();
  // api_url is "/api" (same origin) in every deployment; an absolute URL still works.
  const url = new URL(config.api_url + path, location.origin);
  for (const [name, value] of Object.entries(options.query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  const headers = { ...options.headers };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
  if (options.editToken) headers["X-Edit-Token"] = options.editToken;
  if (options.resident) headers["X-Resident-Token"] = await residentToken();
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: "omit",
      cache: "no-cache", // always ask the API: a public answer may be cached for a CDN (max-age)
    });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError({ network: true, code: "network", message: String(error.message || error) });
  }
  if (response.status === 401 && options.resident && !options.retriedToken) {
    storage.remove(RESIDENT_KEY); // a token from another deployment: fetch a fresh one once
    return request(method, path, { ...options, retriedToken: true });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError({
      status: response.status,
      code: error.code || `http_${response.status}`,
      message: error.message || "",
      field: error.field || null,
      details: Array.isArray(error.details) ? error.details : [],
      retryAfter: retryAfterSeconds(response.headers.get("Retry-After")),
    });
  }
  return data;
}

export function post(path, body, options = {}) {
  return request("POST", path, { ...options, body, idempotencyKey: options.idempotencyKey || newKey() });
}

const MINE_KEY = "sayso.mine";

export function mySubmissions() {
  return storage.get(MINE_KEY, []);
}

export function rememberSubmission(entry) {
  const rest = mySubmissions().filter((item) => item.id !== entry.id);
  storage.set(MINE_KEY, [entry, ...rest]);
}

export function forgetSubmission(id) {
  storage.set(MINE_KEY, mySubmissions().filter((item) => item.id !== id));
}
