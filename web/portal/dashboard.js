// The dashboard: what the merchant owes in points and money, what moved per local day.

import * as api from "./api.js";
import { barChart } from "./chart.js";
import { localDay, money, points, rate } from "../shared/format.js";
import { currentLocale, t } from "./i18n.js";
import { element, failed, tile } from "./ui.js";

function whatNext(viewer) {
  return element("section", { class: "card next", id: "what-next" },
    element("h2", {}, t("next.title")),
    element("ul", {},
      element("li", {}, t("next.apiKey")),
      element("li", {}, element("a", { href: "#members" }, t("next.members"))),
      element("li", {}, t("next.mall", { slug: viewer.viewer.tenant.slug }))));
}

export async function dashboardScreen(viewer, welcome = false) {
  const locale = currentLocale();
  document.title = t("dash.title");
  const zone = viewer.earningSettings.timeZone;
  let report;
  try {
    const range = { from: localDay(zone, 13), to: localDay(zone) };
    report = (await api.run("PortalDashboard", { range })).analytics;
  } catch (error) {
    return failed(error);
  }
  const liability = report.liability;
  const moved = report.totals.issued + report.totals.redeemed + report.totals.expired;
  const chart = moved
    ? barChart({
      title: t("dash.chart"),
      unit: t("dash.points"),
      labels: report.buckets.map((bucket) => bucket.from),
      formatValue: (value) => points(Math.round(value), locale),
      series: [
        { name: t("dash.issued"), className: "issued", values: report.buckets.map((b) => b.flows.issued) },
        { name: t("dash.redeemed"), className: "redeemed", values: report.buckets.map((b) => b.flows.redeemed) },
      ],
    })
    : element("p", { class: "state empty" }, t("state.empty"));
  return element("div", { class: "dashboard" },
    element("h1", {}, t("dash.title")),
    element("p", { class: "subtle" }, t("dash.range", { zone })),
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
    element("section", { class: "card" }, element("h2", {}, t("dash.chart")),
      element("div", { class: "legend" },
        element("span", { class: "swatch issued" }), t("dash.issued"),
        element("span", { class: "swatch redeemed" }), t("dash.redeemed")),
      chart),
  );
}
