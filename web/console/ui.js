// The console's building blocks (../shared/kit.js bound to its catalogue and session) and its
// frame, with the operator's email in the top bar.

import { logout } from "./api.js";
import { element } from "../shared/dom.js";
import { screenKit } from "../shared/kit.js";
import { currentLocale, switchLocale, t } from "./i18n.js";

export { element };

const kit = screenKit({ t, currentLocale, switchLocale, logout });
export const { show, fill, tile, loading, failed, refusal, dateTime, heading, loginCard, submitting, actionButton } = kit;

const SCREENS = [
  ["tenants", "nav.tenants"], ["exchange", "nav.exchange"],
  ["settlement", "nav.settlement"], ["platform", "nav.platform"],
];

export function frame(viewer, active, content, { onLocale, onLogout }) {
  return kit.frame({
    brand: t("app.name"),
    who: [
      element("span", { class: "merchant" }, viewer.viewer.operatorEmail),
      element("span", { class: "role" }, t("top.operator")),
    ],
    screens: SCREENS,
    active,
    content,
    onLocale,
    onLogout,
  });
}
