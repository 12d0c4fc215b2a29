// The merchant portal: sign in, then the dashboard. Every screen has loading, error and empty
// states; every label comes from i18n.js; the server decides what a role may do.

import * as api from "./api.js";
import { barChart } from "./chart.js";
import { localDay, money, points, rate } from "./format.js";
import { currentLocale, switchLocale, t } from "./i18n.js";

const root = document.getElementById("app");
let viewer = null;

function element(tag, attributes = {}, ...children) {
  const made = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "on") for (const [event, handler] of Object.entries(value)) made.addEventListener(event, handler);
    else made.setAttribute(key, value);
  }
  made.append(...children.filter((child) => child !== null && child !== undefined));
  return made;
}

function show(...content) {
  root.replaceChildren(...content);
}

function loginScreen(message = "") {
  document.title = t("login.title");
  const email = element("input", { id: "email", type: "email", name: "email", autocomplete: "username", required: "" });
  const password = element("input", { id: "password", type: "password", name: "password", autocomplete: "current-password", required: "" });
  const failure = element("p", { class: "error", role: "alert" }, message);
  const form = element("form", { class: "card login", on: { submit: async (event) => {
    event.preventDefault();
    failure.textContent = "";
    try {
      await api.login(email.value, password.value);
      await start();
    } catch (error) {
      failure.textContent = error.code === "INVALID_CREDENTIALS" ? t("login.failed") : t("state.error", { message: error.message });
    }
  } } },
    element("h1", {}, t("app.name")),
    element("h2", {}, t("login.title")),
    element("label", { for: "email" }, t("login.email")), email,
    element("label", { for: "password" }, t("login.password")), password,
    failure,
    element("button", { type: "submit", class: "primary" }, t("login.submit")),
    element("button", { type: "button", class: "link", on: { click: () => { switchLocale(); loginScreen(); } } }, t("top.language")),
  );
  show(form);
}

function frame(content) {
  const tenant = viewer.viewer.tenant;
  return element("div", { class: "frame" },
    element("header", { class: "top" },
      element("span", { class: "brand" }, t("app.name")),
      element("span", { class: "merchant" }, tenant.name),
      element("span", { class: "role", "data-role": viewer.viewer.role }, t(`role.${viewer.viewer.role}`)),
      element("button", { type: "button", class: "link", on: { click: () => { switchLocale(); dashboard(); } } }, t("top.language")),
      element("button", { type: "button", class: "link", id: "logout", on: { click: async () => { await api.logout(); viewer = null; loginScreen(); } } }, t("top.logout")),
    ),
    element("nav", { class: "side" }, element("a", { href: "#dashboard", class: "active" }, t("nav.dashboard"))),
    element("main", {}, content),
  );
}

function tile(label, value, detail = "", id = "") {
  return element("section", { class: "tile", id }, element("h3", {}, label), element("p", { class: "value" }, value),
    detail ? element("p", { class: "detail" }, detail) : null);
}

async function dashboard() {
  const locale = currentLocale();
  document.title = t("dash.title");
  show(frame(element("p", { class: "state" }, t("state.loading"))));
  const zone = viewer.earningSettings.timeZone;
  let report;
  try {
    report = (await api.run("PortalDashboard", { range: { from: localDay(zone, 13), to: localDay(zone) } })).analytics;
  } catch (error) {
    show(frame(element("p", { class: "error", role: "alert" }, t("state.error", { message: error.message }))));
    return;
  }
  const liability = report.liability;
  const labels = report.buckets.map((bucket) => bucket.from);
  const moved = report.totals.issued + report.totals.redeemed + report.totals.expired;
  const chart = moved
    ? barChart({
      title: t("dash.chart"), unit: t("dash.points"), labels,
      formatValue: (value) => points(Math.round(value), locale),
      series: [
        { name: t("dash.issued"), className: "issued", values: report.buckets.map((b) => b.flows.issued) },
        { name: t("dash.redeemed"), className: "redeemed", values: report.buckets.map((b) => b.flows.redeemed) },
      ],
    })
    : element("p", { class: "state empty" }, t("state.empty"));
  show(frame(element("div", { class: "dashboard" },
    element("h1", {}, t("dash.title")),
    element("p", { class: "subtle" }, t("dash.range", { zone })),
    element("div", { class: "tiles" },
      tile(t("dash.liability"), `${points(liability.points, locale)} ${report.currency}`,
        t("dash.liabilityValue", { money: money(liability.value.amount, liability.value.currency, locale) }), "liability"),
      tile(t("dash.issued"), points(report.totals.issued, locale), "", "issued"),
      tile(t("dash.redeemed"), points(report.totals.redeemed, locale), "", "redeemed"),
      tile(t("dash.members"), points(report.members.total, locale),
        t("dash.membersDetail", { active: report.members.active, new: report.members.new }), "members"),
      tile(t("dash.breakage"), rate(report.breakageRate.basisPoints, locale)),
      tile(t("dash.redemption"), rate(report.redemptionRate.basisPoints, locale)),
    ),
    element("section", { class: "card" }, element("h2", {}, t("dash.chart")),
      element("div", { class: "legend" },
        element("span", { class: "swatch issued" }), t("dash.issued"),
        element("span", { class: "swatch redeemed" }), t("dash.redeemed")),
      chart),
  )));
}

async function start() {
  try {
    viewer = await api.run("PortalViewer");
  } catch (error) {
    viewer = null;
    loginScreen(error.code === "UNAUTHENTICATED" || error.code === "FORBIDDEN" ? "" : error.message);
    return;
  }
  if (viewer.viewer.kind !== "STAFF") {
    loginScreen();
    return;
  }
  await dashboard();
}

document.documentElement.lang = currentLocale();
start();
