// The portal's building blocks: elements, the frame (top bar, side navigation), tiles, and the
// loading / error states every screen shows while it waits or when it fails.

import { logout } from "./api.js";
import { element } from "../shared/dom.js";
import { currentLocale, switchLocale, t } from "./i18n.js";

export { element };

export const ROLE_RANK = { VIEWER: 0, STAFF: 1, ADMIN: 2, OWNER: 3 };

const root = () => document.getElementById("app");

export function show(...content) {
  root().replaceChildren(...content);
}

export function roleAtLeast(viewer, role) {
  return ROLE_RANK[viewer.viewer.role] >= ROLE_RANK[role];
}

const SCREENS = [["dashboard", "nav.dashboard"], ["members", "nav.members"], ["mall", "nav.mall"]];

export function frame(viewer, active, content, { onLocale, onLogout }) {
  const tenant = viewer.viewer.tenant;
  return element("div", { class: "frame" },
    element("header", { class: "top" },
      element("span", { class: "brand" }, t("app.name")),
      element("span", { class: "merchant" }, tenant.name),
      element("span", { class: "role", "data-role": viewer.viewer.role }, t(`role.${viewer.viewer.role}`)),
      element("button", { type: "button", class: "link", on: { click: () => { switchLocale(); onLocale(); } } }, t("top.language")),
      element("button", { type: "button", class: "link", id: "logout", on: { click: async () => { await logout(); onLogout(); } } }, t("top.logout")),
    ),
    element("nav", { class: "side" },
      ...SCREENS.map(([name, label]) => element("a", { href: `#${name}`, class: active === name ? "active" : "" }, t(label)))),
    element("main", {}, content),
  );
}

export function tile(label, value, detail = "", id = "") {
  return element("section", { class: "tile", id: id || null },
    element("h3", {}, label), element("p", { class: "value" }, value),
    detail ? element("p", { class: "detail" }, detail) : null);
}

export function loading() {
  return element("p", { class: "state" }, t("state.loading"));
}

export function failed(error) {
  return element("p", { class: "error", role: "alert" }, t("state.error", { message: error.message }));
}

export function refusal(userError) {
  // A userError as the person reads it: the code's own sentence when we have one.
  const key = `code.${userError.code}`;
  const text = t(key);
  return text === key ? userError.message : text;
}

export function dateTime(value, timeZone) {
  return new Intl.DateTimeFormat(currentLocale(), {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  }).format(new Date(value));
}


export function heading(key, numeric = false) {
  return element("th", { class: numeric ? "number" : null }, t(key));
}
