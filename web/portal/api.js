// The portal's only way to the server: named GraphQL documents from ./operations, sent to
// /portal/graphql with the session cookie and the CSRF token it must repeat (see cookie_session.py).

const documents = new Map();

export class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)pm_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function documentOf(name) {
  if (!documents.has(name)) {
    const answer = await fetch(`/portal/operations/${name}.graphql`);
    if (!answer.ok) throw new ApiError("MISSING_DOCUMENT", name);
    documents.set(name, await answer.text());
  }
  return documents.get(name);
}

async function post(url, body, csrf) {
  const headers = { "content-type": "application/json", accept: "application/json" };
  if (csrf) headers["x-csrf-token"] = csrfToken();
  const answer = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers,
    body: JSON.stringify(body),
  });
  const payload = await answer.json().catch(() => ({}));
  const error = (payload.errors || [])[0];
  if (error) {
    throw new ApiError((error.extensions || {}).code || "INTERNAL", error.message);
  }
  return payload;
}

export async function run(name, variables = {}) {
  const body = { query: await documentOf(name), variables, operationName: name };
  try {
    return (await post("/portal/graphql", body, true)).data;
  } catch (error) {
    // The access cookie lasts minutes; the refresh cookie renews it once, then we ask again.
    if (error.code !== "TOKEN_EXPIRED") throw error;
    await refresh();
    return (await post("/portal/graphql", body, true)).data;
  }
}

export function login(email, password) {
  return post("/portal/session/login", { email, password }, false);
}

export function logout() {
  return post("/portal/session/logout", {}, true);
}

export function refresh() {
  return post("/portal/session/refresh", {}, true);
}
