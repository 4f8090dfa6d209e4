// The staff API client: api.js's conventions (ApiError, Idempotency-Key) plus the officer's
// bearer token. A 401 (or no session) calls the handler set with onUnauthorized (the app returns
// to sign-in, keeping half-typed forms) and the call never settles.
//
// Exports: staff(method, path, {body, query}) → data; onUnauthorized(handler).

import { ApiError, loadConfig, newKey } from "../api.js";
import { session } from "./session.js";

let unauthorized = () => {};

export function onUnauthorized(handler) {
  unauthorized = handler;
}

// The sign-in takes over the page: the view that asked never hears back (it must not draw over
// the sign-in), and its half-typed forms are already kept.
function signedOut() {
  unauthorized();
  return new Promise(() => {});
}

export async function staff(method, path, options = {}) {
  const config = await loadConfig();
  const url = new URL(config.api_url + path);
  for (const [name, value] of Object.entries(options.query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  const current = session();
  if (!current) return signedOut();
  const headers = { Authorization: `Bearer ${current.token}` };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (method === "POST") headers["Idempotency-Key"] = newKey();
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "omit",
    });
  } catch (error) {
    throw new ApiError({ network: true, code: "network", message: String(error.message || error) });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.status === 401) return signedOut();
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError({
      status: response.status,
      code: error.code || `http_${response.status}`,
      message: error.message || "",
      field: error.field || null,
      details: Array.isArray(error.details) ? error.details : [],
    });
  }
  return data;
}
