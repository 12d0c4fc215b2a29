// The building blocks of the portal and the console, bound to a front end's catalogue and
// session: the frame (top bar, side navigation), tiles, tables' headings, and the loading /
// error states every screen shows while it waits or when it fails.

import { element } from "./dom.js";

export function screenKit({ t, currentLocale, switchLocale, logout }) {
  const root = () => document.getElementById("app");

  function show(...content) {
    root().replaceChildren(...content);
  }

  // A loaded screen into the frame already shown (false when there is none): the top bar and
  // the navigation stay the same elements, so a click on them while the screen loaded is not
  // lost to a replaced link.
  function fill(content) {
    const main = root().querySelector(".frame > main");
    if (!main) return false;
    main.replaceChildren(content);
    return true;
  }

  // `who`: the top bar's right-hand side (the merchant and the role; the operator's email).
  function frame({ brand, who, screens, active, content, onLocale, onLogout }) {
    return element("div", { class: "frame" },
      element("header", { class: "top" },
        element("span", { class: "brand" }, brand),
        ...who,
        element("button", { type: "button", class: "link", on: { click: () => { switchLocale(); onLocale(); } } }, t("top.language")),
        element("button", { type: "button", class: "link", id: "logout", on: { click: async () => { await logout(); onLogout(); } } }, t("top.logout")),
      ),
      element("nav", { class: "side" },
        ...screens.map(([name, label]) => element("a", { href: `#${name}`, class: active === name ? "active" : "" }, t(label)))),
      element("main", {}, content),
    );
  }

  function tile(label, value, detail = "", id = "") {
    return element("section", { class: "tile", id: id || null },
      element("h3", {}, label), element("p", { class: "value" }, value),
      detail ? element("p", { class: "detail" }, detail) : null);
  }

  const loading = () => element("p", { class: "state" }, t("state.loading"));

  const failed = (error) =>
    element("p", { class: "error", role: "alert" }, t("state.error", { message: error.message }));

  function refusal(userError) {
    // A userError as the person reads it: the code's own sentence when we have one.
    const key = `code.${userError.code}`;
    const text = t(key);
    return text === key ? userError.message : text;
  }

  function dateTime(value, timeZone) {
    return new Intl.DateTimeFormat(currentLocale(), {
      timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
    }).format(new Date(value));
  }

  const heading = (key, numeric = false) => element("th", { class: numeric ? "number" : null }, t(key));

  // The sign-in card: email and password through `login` (a session endpoint), then `onDone`.
  function loginCard({ title, heading: name, login, onDone, message = "", extra = [], onLocale }) {
    document.title = title;
    const email = element("input", { id: "email", type: "email", name: "email", autocomplete: "username", required: true });
    const password = element("input", { id: "password", type: "password", name: "password", autocomplete: "current-password", required: true });
    const failure = element("p", { class: "error", role: "alert" }, message);
    return element("form", { class: "card login", on: { submit: async (event) => {
      event.preventDefault();
      failure.textContent = "";
      try {
        await login(email.value, password.value);
        await onDone();
      } catch (error) {
        failure.textContent = error.code === "INVALID_CREDENTIALS" ? t("login.failed") : t("state.error", { message: error.message });
      }
    } } },
      element("h1", {}, name),
      element("h2", {}, title),
      element("label", { for: "email" }, t("login.email")), email,
      element("label", { for: "password" }, t("login.password")), password,
      failure,
      element("button", { type: "submit", class: "primary" }, t("login.submit")),
      ...extra,
      element("button", { type: "button", class: "link", on: { click: () => { switchLocale(); onLocale(); } } }, t("top.language")),
    );
  }

  // A form's submit handler: `act` runs the mutation and returns its first userError, if any,
  // which `message` then shows; the submit button is off while it runs (no double submit).
  function submitting(message, act) {
    return async (event) => {
      event.preventDefault();
      message.textContent = "";
      const button = event.target.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      try {
        const refused = await act();
        if (refused) message.textContent = refusal(refused);
      } catch (error) {
        message.textContent = t("state.error", { message: error.message });
      } finally {
        if (button) button.disabled = false;
      }
    };
  }

  // A button that runs one mutation (`act` answers its payload): the payload's first userError
  // goes to `report`, otherwise the screen renders again. `confirm`: a question asked first.
  function actionButton(label, act, { report, rerender, confirm = "", attributes = {} }) {
    const button = element("button", { type: "button", class: "secondary small", ...attributes, on: { click: async () => {
      if (confirm && !window.confirm(confirm)) return;
      button.disabled = true;
      try {
        const payload = await act();
        if (payload.userErrors.length) report(payload.userErrors[0]);
        else await rerender();
      } catch (error) {
        report({ code: "", message: t("state.error", { message: error.message }) });
      } finally {
        button.disabled = false;
      }
    } } }, label);
    return button;
  }

  return { show, fill, frame, tile, loading, failed, refusal, dateTime, heading, loginCard, submitting, actionButton };
}
