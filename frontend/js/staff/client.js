// The staff API client: api.js's request (URL and query, JSON body, Idempotency-Key, the error
// mapping into ApiError with Retry-After) plus the officer's bearer token. A 401 (or no
// session) calls the handler set with onUnauthorized (the app returns to sign-in, keeping
// half-typed forms) and the call never settles.
//
// Exports: staff(method, path, {body, query, idempotencyKey}) → data; onUnauthorized(handler).
// Every POST carries an Idempotency-Key: a new one unless the caller passes the one of the
// request it is retrying.

import { ApiError, newKey, request } from "../api.js";
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
  const current = session();
  if (!current) return signedOut();
  const idempotencyKey = method === "POST" ? options.idempotencyKey || newKey() : undefined;
  try {
    return await request(method, path, {
      body: options.body,
      query: options.query,
      idempotencyKey,
      headers: { Authorization: `Bearer ${current.token}` },
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return signedOut();
    throw error;
  }
}
