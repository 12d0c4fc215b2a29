// The portal's building blocks (../shared/kit.js bound to its catalogue and session), its frame
// with the merchant's name and the user's role, and what a role may see.

import { logout } from "./api.js";
import { element } from "../shared/dom.js";
import { screenKit } from "../shared/kit.js";
import { currentLocale, switchLocale, t } from "./i18n.js";

export { element };

const kit = screenKit({ t, currentLocale, switchLocale, logout });
export const { show, fill, tile, loading, failed, refusal, dateTime, heading, loginCard, submitting, actionButton } = kit;

export const ROLE_RANK = { VIEWER: 0, STAFF: 1, ADMIN: 2, OWNER: 3 };

export function roleAtLeast(viewer, role) {
  return ROLE_RANK[viewer.viewer.role] >= ROLE_RANK[role];
}

const SCREENS = [
  ["dashboard", "nav.dashboard"], ["members", "nav.members"], ["mall", "nav.mall"],
  ["programme", "nav.programme"], ["settings", "nav.settings"],
];

export function frame(viewer, active, content, { onLocale, onLogout }) {
  const tenant = viewer.viewer.tenant;
  return kit.frame({
    brand: t("app.name"),
    who: [
      element("span", { class: "merchant" }, tenant.name),
      element("span", { class: "role", "data-role": viewer.viewer.role }, t(`role.${viewer.viewer.role}`)),
    ],
    screens: SCREENS,
    active,
    content,
    onLocale,
    onLogout,
  });
}

// A labelled form field in a block of its own, so a form can hide the fields a choice leaves out.
export function field(id, labelKey, input) {
  return element("div", { class: "field", id: `${id}-field` }, element("label", { for: id }, t(labelKey)), input);
}

export function numberInput(id, value = "", min = "0") {
  return element("input", { id, type: "number", min, step: "1", value: value === null || value === undefined ? "" : String(value) });
}
