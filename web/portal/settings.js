// Settings: tabs for the team (staff logins and API keys), the merchant's own settings and
// branding, webhooks, cross-merchant exchange and
// CSV exports (#settings/<tab>). Secrets (a new API key's, a new endpoint's) are shown once, in
// the answer that made them, and never again. ADMIN and above manage them; the API checks it.

import * as api from "./api.js";
import { formKey } from "../shared/keys.js";
import { exchangeTab } from "./settings_exchange.js";
import { merchantTab } from "./settings_merchant.js";
import { t } from "./i18n.js";
import { exportsTab, webhooksTab } from "./settings_webhooks.js";
import { actionButton, dateTime, element, failed, heading, refusal, roleAtLeast, submitting } from "./ui.js";

const TABS = ["team", "merchant", "webhooks", "exchange", "exports"];
const ROLES = ["VIEWER", "STAFF", "ADMIN", "OWNER"];
const SCOPES = ["MEMBERS_READ", "MEMBERS_WRITE", "MEMBER_TOKENS", "POINTS_READ", "POINTS_WRITE", "PURCHASES_WRITE", "EVENTS_WRITE"];

export function secretOnce(titleKey, secret) {
  return element("section", { class: "card next secret", id: "secret" },
    element("h2", {}, t(titleKey)),
    element("p", {}, t("settings.secretOnce")),
    element("code", { class: "secret-value" }, secret));
}

function staffTable(viewer, staff, rerender, report) {
  const isOwner = roleAtLeast(viewer, "OWNER");
  return element("table", { class: "list", id: "staff" },
    element("thead", {}, element("tr", {}, ...["settings.email", "settings.name", "settings.role", "settings.lastLogin", "settings.action"].map((key) => heading(key)))),
    element("tbody", {}, ...staff.map((user) => {
      const role = element("select", { "aria-label": t("settings.role"), disabled: !user.isActive, on: { change: async (event) => {
        const answer = (await api.run("PortalUpdateStaffRole", { input: { staffId: user.id, role: event.target.value } })).updateStaffRole;
        if (answer.userErrors.length) report(answer.userErrors[0]);
        else await rerender();
      } } }, ...ROLES.filter((each) => isOwner || each !== "OWNER" || user.role === "OWNER")
        .map((each) => element("option", { value: each, selected: each === user.role }, t(`role.${each}`))));
      const off = user.isActive
        ? actionButton(t("settings.deactivate"), async () => (await api.run("PortalDeactivateStaff", { input: { staffId: user.id } })).deactivateStaffUser, { report, rerender })
        : element("span", { class: "badge suspended" }, t("settings.inactive"));
      return element("tr", { "data-email": user.email, "data-role": user.role },
        element("td", {}, user.email), element("td", {}, user.displayName || "–"), element("td", {}, role),
        element("td", {}, user.lastLoginAt ? dateTime(user.lastLoginAt, viewer.viewer.tenant.timeZone) : "–"),
        element("td", {}, off));
    })));
}

function newStaffForm(viewer, rerender) {
  const email = element("input", { id: "staff-email", type: "email", required: true });
  const name = element("input", { id: "staff-name", maxlength: "200" });
  const password = element("input", { id: "staff-password", type: "password", autocomplete: "new-password", required: true });
  const role = element("select", { id: "staff-role" }, ...ROLES.filter((each) => each !== "OWNER" || roleAtLeast(viewer, "OWNER"))
    .map((each) => element("option", { value: each, selected: each === "STAFF" }, t(`role.${each}`))));
  const message = element("p", { class: "error", role: "alert" });
  const key = formKey();
  return element("form", { class: "card action inline", id: "new-staff", on: { submit: submitting(message, async () => {
    const input = { email: email.value.trim(), displayName: name.value.trim(), password: password.value, role: role.value, idempotencyKey: key.current() };
    const answer = (await api.run("PortalCreateStaff", { input })).createStaffUser;
    key.answered();
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("settings.newStaff")),
    element("label", { for: "staff-email" }, t("settings.email")), email,
    element("label", { for: "staff-name" }, t("settings.name")), name,
    element("label", { for: "staff-password" }, t("settings.password")), password,
    element("label", { for: "staff-role" }, t("settings.role")), role,
    message, element("button", { type: "submit", class: "primary" }, t("settings.add")));
}

function keysTable(viewer, keys, rerender, report) {
  const zone = viewer.viewer.tenant.timeZone;
  return element("table", { class: "list", id: "api-keys" },
    element("thead", {}, element("tr", {}, ...["settings.keyName", "settings.prefix", "settings.scopes", "settings.lastUsed", "settings.action"].map((key) => heading(key)))),
    element("tbody", {}, ...keys.map((key) => element("tr", { "data-key": key.name },
      element("td", {}, key.name), element("td", {}, element("code", {}, key.prefix)),
      element("td", {}, key.scopes.map((scope) => t(`scope.${scope}`)).join("、")),
      element("td", {}, key.lastUsedAt ? dateTime(key.lastUsedAt, zone) : "–"),
      element("td", {}, key.revokedAt
        ? element("span", { class: "badge suspended" }, t("settings.revoked"))
        : actionButton(t("settings.revoke"), async () => (await api.run("PortalRevokeApiKey", { input: { apiKeyId: key.id } })).revokeApiKey, { report, rerender }))))));
}

function newKeyForm(showSecret) {
  const name = element("input", { id: "key-name", required: true, maxlength: "100" });
  const boxes = SCOPES.map((scope) => element("label", { class: "check" },
    element("input", { type: "checkbox", value: scope, checked: ["MEMBERS_READ", "MEMBERS_WRITE", "PURCHASES_WRITE"].includes(scope) }), t(`scope.${scope}`)));
  const message = element("p", { class: "error", role: "alert" });
  const key = formKey();
  return element("form", { class: "card action inline", id: "new-key", on: { submit: submitting(message, async () => {
    const scopes = boxes.map((box) => box.firstChild).filter((box) => box.checked).map((box) => box.value);
    const answer = (await api.run("PortalCreateApiKey", { input: { name: name.value.trim(), scopes, idempotencyKey: key.current() } })).createApiKey;
    key.answered();
    if (!answer.userErrors.length) await showSecret(answer.secret);
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("settings.newKey")),
    element("label", { for: "key-name" }, t("settings.keyName")), name,
    element("fieldset", { class: "checks" }, element("legend", {}, t("settings.scopes")), ...boxes),
    message, element("button", { type: "submit", class: "primary" }, t("settings.createKey")));
}

async function teamTab(viewer, rerender, secret) {
  const data = await api.run("PortalTeam");
  const message = element("p", { class: "error", role: "alert" });
  const report = (userError) => { message.textContent = refusal(userError); };
  const showSecret = async (value) => rerender({ secret: value, titleKey: "settings.keySecret" });
  return [
    secret,
    element("section", { class: "card" }, element("h2", {}, t("settings.staff")), message, staffTable(viewer, data.staffUsers.nodes, rerender, report)),
    newStaffForm(viewer, rerender),
    element("section", { class: "card" }, element("h2", {}, t("settings.keys")),
      element("p", { class: "subtle" }, t("settings.keysLead")),
      data.apiKeys.nodes.length ? keysTable(viewer, data.apiKeys.nodes, rerender, report) : element("p", { class: "state empty" }, t("settings.noKeys"))),
    newKeyForm(showSecret),
  ];
}

const TAB_SCREENS = { team: teamTab, merchant: merchantTab, webhooks: webhooksTab, exchange: exchangeTab, exports: exportsTab };

export async function settingsScreen(viewer, tab, rerender, shown = null) {
  document.title = t("settings.title");
  const active = TABS.includes(tab) ? tab : "team";
  const tabs = element("nav", { class: "tabs" }, ...TABS.map((name) =>
    element("a", { href: `#settings/${name}`, class: name === active ? "active" : "" }, t(`settings.tab.${name}`))));
  if (!roleAtLeast(viewer, "ADMIN")) {
    return element("div", {}, element("h1", {}, t("settings.title")), element("p", { class: "state" }, t("settings.adminOnly")));
  }
  const secret = shown ? secretOnce(shown.titleKey, shown.secret) : null;
  let content;
  try {
    content = await TAB_SCREENS[active](viewer, rerender, secret);
  } catch (error) {
    content = [failed(error)];
  }
  return element("div", {}, element("h1", {}, t("settings.title")), tabs, ...content);
}
