// The operator console: sign in, then the screens behind #hash routes (merchants, exchange,
// settlement, platform). Every label comes from i18n.js; every screen shows its loading and
// error states; the API refuses anyone but an operator whatever the page shows.

import * as api from "./api.js";
import { exchangeScreen } from "./exchange.js";
import { currentLocale, t } from "./i18n.js";
import { platformScreen } from "./platform.js";
import { batchScreen, settlementScreen } from "./settlement.js";
import { latestOnly, route } from "../shared/routes.js";
import { tenantsScreen } from "./tenants.js";
import { fill, frame, loading, loginCard, show } from "./ui.js";

let viewer = null;

function loginScreen(message = "") {
  show(loginCard({
    title: t("login.title"),
    heading: t("app.name"),
    login: api.login,
    onDone: start,
    message,
    onLocale: () => loginScreen(),
  }));
}

const SCREENS = {
  tenants: ({ params }) => tenantsScreen(params, render),
  exchange: ({ params }) => exchangeScreen(params, render),
  settlement: ({ id }) => (id ? batchScreen(id, render) : settlementScreen(render)),
  platform: () => platformScreen(),
};

const newRender = latestOnly();

async function render() {
  if (!viewer) return;
  const current = newRender();
  const where = route("tenants");
  const active = SCREENS[where.screen] ? where.screen : "tenants";
  const hooks = { onLocale: render, onLogout: () => { viewer = null; loginScreen(); } };
  show(frame(viewer, active, loading(), hooks));
  let content;
  try {
    content = await SCREENS[active](where);
  } catch (error) {
    if (["UNAUTHENTICATED", "TOKEN_EXPIRED"].includes(error.code)) {
      viewer = null;
      loginScreen(t("login.expired"));
      return;
    }
    throw error;
  }
  if (current() && viewer && !fill(content)) show(frame(viewer, active, content, hooks));
}

async function start() {
  try {
    viewer = await api.run("ConsoleViewer");
  } catch (error) {
    viewer = null;
    const expired = error.code === "TOKEN_EXPIRED";
    if (expired || ["UNAUTHENTICATED", "FORBIDDEN"].includes(error.code)) loginScreen(expired ? t("login.expired") : "");
    else loginScreen(error.message);
    return;
  }
  if (viewer.viewer.kind !== "OPERATOR") {
    viewer = null;
    loginScreen();
    return;
  }
  await render();
}

window.addEventListener("hashchange", () => (viewer ? render() : loginScreen()));
document.documentElement.lang = currentLocale();
start();
