// A front end's only way to the server: named GraphQL documents from <base>/operations, sent to
// <base>/graphql with the session cookie and the CSRF token it must repeat (cookie_session.py).
// The portal passes "/portal", the console "/console"; a frontend team can copy this file.

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

export function sessionApi(base, { refreshes = true } = {}) {
  const documents = new Map();

  async function documentOf(name) {
    if (!documents.has(name)) {
      const answer = await fetch(`${base}/operations/${name}.graphql`);
      if (!answer.ok) throw new ApiError("MISSING_DOCUMENT", name);
      documents.set(name, await answer.text());
    }
    return documents.get(name);
  }

  const refresh = () => post(`${base}/session/refresh`, {}, true);

  async function run(name, variables = {}) {
    const body = { query: await documentOf(name), variables, operationName: name };
    try {
      return (await post(`${base}/graphql`, body, true)).data;
    } catch (error) {
      // The access cookie lasts minutes; the refresh cookie renews it once, then we ask again.
      if (error.code !== "TOKEN_EXPIRED" || !refreshes) throw error;
      await refresh();
      return (await post(`${base}/graphql`, body, true)).data;
    }
  }

  return {
    run,
    refresh,
    login: (email, password) => post(`${base}/session/login`, { email, password }, false),
    logout: () => post(`${base}/session/logout`, {}, true),
  };
}
