// The officer's session: the staff token in sessionStorage (never localStorage: it ends with the
// tab), its roles and expiry read from the token, half-typed forms kept across a sign-in, and the
// two ways in: a local token (local stage) or Cognito's Hosted UI (code flow with PKCE).
//
// Exports:
//   session() → {token, roles, email, subject, expiresAt} or null (none, or expired).
//   signIn(token) → the session, or throws Error("unreadable") for a token that is not a JWT.
//   signOut(), can(role…) → true when the session holds one of the roles.
//   localToken(role) → Promise<token> from the local runtime's /staff/local-token.
//   startCognito(auth), finishCognito(auth, query) → Promise<session|null> after the redirect.
//   drafts: {save(form), restore(form), clear(form)} keyed by the form's data-draft attribute.
//   returnTo: {remember(hash), take() → hash or null}.

import { authorizeUrl, challengeFor, logoutUrl, newVerifier, tokenRequest } from "./pkce.js";

const TOKEN_KEY = "sayso.staff.token";
const PKCE_KEY = "sayso.staff.pkce";
const RETURN_KEY = "sayso.staff.return";
const DRAFT_PREFIX = "sayso.staff.draft.";

const store = {
  get(key) {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      sessionStorage.setItem(key, value);
    } catch {
      // blocked: the session lasts as long as the page
    }
  },
  remove(key) {
    try {
      sessionStorage.removeItem(key);
    } catch {
      // nothing to do
    }
  },
};

export function claimsOf(token) {
  const parts = String(token || "").trim().split(".");
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

function sessionFrom(token) {
  const claims = claimsOf(token);
  if (!claims) return null;
  return {
    token,
    roles: Array.isArray(claims["cognito:groups"]) ? claims["cognito:groups"] : [],
    email: claims.email || null,
    subject: claims.sub || "",
    expiresAt: typeof claims.exp === "number" ? claims.exp * 1000 : null,
  };
}

export function session() {
  const token = store.get(TOKEN_KEY);
  const current = token ? sessionFrom(token) : null;
  if (!current || (current.expiresAt && current.expiresAt <= Date.now())) return null;
  return current;
}

export function signIn(token) {
  const clean = String(token || "").trim();
  const current = sessionFrom(clean);
  if (!current) throw new Error("unreadable");
  store.set(TOKEN_KEY, clean);
  return current;
}

export function signOut() {
  store.remove(TOKEN_KEY);
}

export function can(...roles) {
  const current = session();
  return Boolean(current && roles.some((role) => current.roles.includes(role)));
}

export async function localToken(role) {
  const response = await fetch(new URL(`../../staff/local-token?role=${encodeURIComponent(role)}`, import.meta.url), {
    credentials: "omit",
  });
  if (!response.ok) throw new Error(`local-token: ${response.status}`);
  return (await response.json()).token;
}

export async function startCognito(auth) {
  const verifier = newVerifier();
  const state = newVerifier().slice(0, 32);
  store.set(PKCE_KEY, JSON.stringify({ verifier, state }));
  location.assign(authorizeUrl(auth, { challenge: await challengeFor(verifier), state }));
}

export async function finishCognito(auth, query) {
  const code = query.get("code");
  if (!code) return null;
  const saved = JSON.parse(store.get(PKCE_KEY) || "null");
  store.remove(PKCE_KEY);
  if (!saved || saved.state !== query.get("state")) throw new Error("state");
  const { url, body } = tokenRequest(auth, { code, verifier: saved.verifier });
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
    credentials: "omit",
  });
  if (!response.ok) throw new Error(`token: ${response.status}`);
  const tokens = await response.json();
  history.replaceState(null, "", location.pathname + location.hash);
  return signIn(tokens.id_token);
}

export function cognitoLogout(auth) {
  location.assign(logoutUrl(auth));
}

export const drafts = {
  save(form) {
    const fields = {};
    for (const field of form.elements) {
      if (!field.name || field.type === "file" || field.type === "password") continue;
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked) fields[field.name] = field.value;
      } else {
        fields[field.name] = field.value;
      }
    }
    store.set(DRAFT_PREFIX + form.dataset.draft, JSON.stringify(fields));
  },
  restore(form) {
    const raw = store.get(DRAFT_PREFIX + form.dataset.draft);
    if (!raw) return false;
    const fields = JSON.parse(raw);
    for (const field of form.elements) {
      if (!(field.name in fields)) continue;
      if (field.type === "radio" || field.type === "checkbox") field.checked = field.value === fields[field.name];
      else field.value = fields[field.name];
    }
    return true;
  },
  clear(form) {
    store.remove(DRAFT_PREFIX + form.dataset.draft);
  },
};

export const returnTo = {
  remember(hash) {
    store.set(RETURN_KEY, hash);
  },
  take() {
    const hash = store.get(RETURN_KEY);
    store.remove(RETURN_KEY);
    return hash;
  },
};
