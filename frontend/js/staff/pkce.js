// The Cognito Hosted UI's authorization-code flow with PKCE (RFC 7636), as pure functions the
// sign-in uses; nothing here touches the page or storage.
//
// Exports:
//   newVerifier() → a 64-character code verifier (base64url of 48 random bytes).
//   challengeFor(verifier) → Promise<string>: its S256 code challenge.
//   authorizeUrl(auth, {challenge, state}) → the Hosted UI's /oauth2/authorize URL.
//   tokenRequest(auth, {code, verifier}) → {url, body}: the POST /oauth2/token form to send.
//   logoutUrl(auth) → the Hosted UI's /logout URL.
// `auth` is config.json's staff_auth: {kind: "cognito", domain, client_id, redirect_uri, logout_uri}.

export function base64url(bytes) {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function newVerifier() {
  return base64url(crypto.getRandomValues(new Uint8Array(48)));
}

export async function challengeFor(verifier) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

function endpoint(auth, path) {
  return `${String(auth.domain).replace(/\/$/, "")}${path}`;
}

export function authorizeUrl(auth, { challenge, state }) {
  const url = new URL(endpoint(auth, "/oauth2/authorize"));
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: auth.client_id,
    redirect_uri: auth.redirect_uri,
    scope: "openid email profile",
    code_challenge_method: "S256",
    code_challenge: challenge,
    state,
  }).toString();
  return url.href;
}

export function tokenRequest(auth, { code, verifier }) {
  return {
    url: endpoint(auth, "/oauth2/token"),
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: auth.client_id,
      code,
      redirect_uri: auth.redirect_uri,
      code_verifier: verifier,
    }).toString(),
  };
}

export function logoutUrl(auth) {
  const url = new URL(endpoint(auth, "/logout"));
  url.search = new URLSearchParams({ client_id: auth.client_id, logout_uri: auth.logout_uri }).toString();
  return url.href;
}
