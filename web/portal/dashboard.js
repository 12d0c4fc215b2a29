// The dashboard: what the merchant owes in points and money, what moved per local day.

import * as api from "./api.js";
import { barChart } from "./chart.js";
import { localDay, money, points, rate } from "../shared/format.js";
import { currentLocale, t } from "./i18n.js";
import { element, failed, heading, tile } from "./ui.js";

function whatNext(viewer) {
  return element("section", { class: "card next", id: "what-next" },
    element("h2", {}, t("next.title")),
    element("ul", {},
      element("li", {}, element("a", { href: "#settings/team" }, t("next.apiKey"))),
      element("li", {}, element("a", { href: "#members" }, t("next.members"))),
      element("li", {}, t("next.mall", { slug: viewer.viewer.tenant.slug })),
      element("li", {}, element("a", { href: "#programme/earning" }, t("next.programme")))));
}

// Per day over two weeks, or per week over twelve (#dashboard?by=WEEK).
const SPANS = { DAY: 13, WEEK: 83 };

function spanSwitch(granularity) {
  return element("nav", { class: "tabs span" }, ...Object.keys(SPANS).map((each) =>
    element("a", { href: `#dashboard?by=${each}`, class: each === granularity ? "active" : "" }, t(`dash.by.${each}`))));
}

function topRewards(rewards, locale) {
  if (!rewards.length) return element("p", { class: "state empty" }, t("dash.noRedemptions"));
  return element("table", { class: "list", id: "top-rewards" },
    element("thead", {}, element("tr", {}, heading("signup.rewardName"), heading("dash.redemptions", true), heading("dash.points", true))),
    element("tbody", {}, ...rewards.map((reward) => element("tr", {},
      element("td", {}, element("a", { href: `#reward/${reward.rewardId}` }, reward.name)),
      element("td", { class: "number" }, points(reward.redemptions, locale)),
      element("td", { class: "number" }, points(reward.points, locale))))));
}

function byHour(hours, locale) {
  const counts = Array.from({ length: 24 }, (_, hour) => (hours.find((each) => each.hour === hour) || { redemptions: 0 }).redemptions);
  if (!counts.some(Boolean)) return element("p", { class: "state empty" }, t("dash.noRedemptions"));
  return barChart({
    title: t("dash.byHour"),
    unit: t("dash.redemptions"),
    labels: counts.map((_, hour) => String(hour).padStart(2, "0")),
    formatLabel: (label) => label,
    width: 420,
    height: 220,
    formatValue: (value) => points(Math.round(value), locale),
    series: [{ name: t("dash.redemptions"), className: "redeemed", values: counts }],
  });
}

export async function dashboardScreen(viewer, welcome = false, granularity = "DAY") {
  const locale = currentLocale();
  document.title = t("dash.title");
  const zone = viewer.viewer.tenant.timeZone;
  const by = SPANS[granularity] ? granularity : "DAY";
  let report;
  try {
    const range = { from: localDay(zone, SPANS[by]), to: localDay(zone) };
    report = (await api.run("PortalDashboard", { range, granularity: by })).analytics;
  } catch (error) {
    return failed(error);
  }
  const liability = report.liability;
  const moved = report.totals.issued + report.totals.redeemed + report.totals.expired;
  const chart = moved
    ? barChart({
      title: t(`dash.chart.${by}`),
      unit: t("dash.points"),
      labels: report.buckets.map((bucket) => bucket.from),
      formatValue: (value) => points(Math.round(value), locale),
      series: [
        { name: t("dash.issued"), className: "issued", values: report.buckets.map((b) => b.flows.issued) },
        { name: t("dash.redeemed"), className: "redeemed", values: report.buckets.map((b) => b.flows.redeemed) },
        { name: t("dash.expired"), className: "expired", values: report.buckets.map((b) => b.flows.expired) },
      ],
    })
    : element("p", { class: "state empty" }, t("state.empty"));
  return element("div", { class: "dashboard" },
    element("h1", {}, t("dash.title")),
    element("p", { class: "subtle" }, t(`dash.range.${by}`, { zone })),
    spanSwitch(by),
    welcome ? whatNext(viewer) : null,
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
    element("section", { class: "card" }, element("h2", {}, t(`dash.chart.${by}`)),
      element("div", { class: "legend" },
        element("span", { class: "swatch issued" }), t("dash.issued"),
        element("span", { class: "swatch redeemed" }), t("dash.redeemed"),
        element("span", { class: "swatch expired" }), t("dash.expired")),
      chart),
    element("div", { class: "columns" },
      element("section", { class: "card" }, element("h2", {}, t("dash.topRewards")), topRewards(report.topRewards, locale)),
      element("section", { class: "card" }, element("h2", {}, t("dash.byHour")), byHour(report.redemptionsByHour, locale))),
  );
}
