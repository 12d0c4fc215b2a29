// The merchant portal: sign in, then the screens behind #hash routes. Every label comes from
// i18n.js; every screen shows its loading and error states; the server decides what a role may
// do, the pages only leave out what it may not.

import * as api from "./api.js";
import { bulkScreen } from "./bulk.js";
import { dashboardScreen } from "./dashboard.js";
import { currentLocale, t } from "./i18n.js";
import { mallScreen } from "./mall.js";
import { memberScreen, membersScreen } from "./members.js";
import { programmeScreen } from "./programme.js";
import { rewardScreen } from "./reward_editor.js";
import { settingsScreen } from "./settings.js";
import { latestOnly, route } from "../shared/routes.js";
import { signUpScreen } from "./signup.js";
import { element, fill, frame, loading, loginCard, show } from "./ui.js";

let viewer = null;
let welcome = false;

function loginScreen(message = "") {
  show(loginCard({
    title: t("login.title"),
    heading: t("app.name"),
    login: api.login,
    onDone: start,
    message,
    extra: [element("p", {}, element("a", { href: "#signup", id: "signup-link" }, t("login.signup")))],
    onLocale: () => loginScreen(),
  }));
}

function anonymous() {
  if (window.location.hash === "#signup") {
    signUpScreen(async () => {
      welcome = true;
      window.location.hash = "#dashboard";
      await start();
    });
  } else {
    loginScreen();
  }
}

const newRender = latestOnly();

// `shown`: a secret to show once on the settings screen (a new API key's, an endpoint's).
async function render(shown = null) {
  if (!viewer) return;
  const current = newRender();
  const { screen, id, params } = route("dashboard");
  const active = screen === "reward" ? "mall" : screen === "bulk" ? "members" : (["members", "mall", "programme", "settings"].includes(screen) ? screen : "dashboard");
  const hooks = { onLocale: () => render(), onLogout: () => { viewer = null; loginScreen(); } };
  show(frame(viewer, active, loading(), hooks));
  let content;
  if (screen === "members" && id) content = await memberScreen(viewer, id, params, render);
  else if (screen === "bulk") content = await bulkScreen(viewer, params);
  else if (screen === "members") content = await membersScreen(viewer, params.get("search") || "");
  else if (screen === "mall") content = await mallScreen(viewer, params.get("status") || "", render);
  else if (screen === "reward") content = await rewardScreen(viewer, id, render);
  else if (screen === "programme") content = await programmeScreen(viewer, id, params, render);
  else if (screen === "settings") content = await settingsScreen(viewer, id, render, shown);
  else content = await dashboardScreen(viewer, welcome, params.get("by") || "DAY");
  welcome = false;
  if (current() && viewer && !fill(content)) show(frame(viewer, active, content, hooks));
}

async function start() {
  try {
    viewer = await api.run("PortalViewer");
  } catch (error) {
    viewer = null;
    if (["UNAUTHENTICATED", "FORBIDDEN", "TOKEN_EXPIRED"].includes(error.code)) anonymous();
    else loginScreen(error.message);
    return;
  }
  if (viewer.viewer.kind !== "STAFF") {
    viewer = null;
    anonymous();
    return;
  }
  await render();
}

window.addEventListener("hashchange", () => (viewer ? render() : anonymous()));
document.documentElement.lang = currentLocale();
start();
