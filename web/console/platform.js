// The platform screen: the last 30 UTC days of exchanges and settlement, what every merchant
// owes its members in points, and the background jobs by state.

import * as api from "./api.js";
import { localDay, money, points } from "../shared/format.js";
import { currentLocale, t } from "./i18n.js";
import { element, failed, heading, tile } from "./ui.js";

const cash = (value, locale) => money(value.amount, value.currency, locale);
const table = (id, keys, numeric, rows) => element("table", { class: "list", id },
  element("thead", {}, element("tr", {}, ...keys.map((key) => heading(key, numeric.has(key))))),
  element("tbody", {}, ...rows));

export async function platformScreen() {
  document.title = t("platform.title");
  const locale = currentLocale();
  let data;
  try {
    data = await api.run("ConsoleAnalytics", { range: { from: localDay("UTC", 29), to: localDay("UTC") } });
  } catch (error) {
    return failed(error);
  }
  const report = data.platformAnalytics;
  const exchanges = report.exchangeVolumes.reduce((sum, pair) => sum + pair.exchanges, 0);
  const volumeKeys = ["platform.pair", "platform.exchanges", "platform.pointsIn", "platform.pointsOut", "platform.value", "platform.fee"];
  const volumes = report.exchangeVolumes.length
    ? table("volumes", volumeKeys, new Set(volumeKeys.slice(1)), report.exchangeVolumes.map((pair) => element("tr", {},
      element("td", {}, `${pair.fromCurrency} → ${pair.toCurrency}`),
      element("td", { class: "number" }, points(pair.exchanges, locale)),
      element("td", { class: "number" }, points(pair.pointsIn, locale)),
      element("td", { class: "number" }, points(pair.pointsOut, locale)),
      element("td", { class: "number" }, cash(pair.value, locale)),
      element("td", { class: "number" }, cash(pair.fee, locale)))))
    : element("p", { class: "state empty" }, t("platform.noVolumes"));
  const liabilityKeys = ["tenants.name", "tenants.currency", "platform.liability", "platform.liabilityValue"];
  const liabilities = table("liabilities", liabilityKeys, new Set(liabilityKeys.slice(2)), data.merchantLiabilities.nodes.map((merchant) => element("tr", {},
    element("td", {}, merchant.name, element("code", { class: "code" }, merchant.slug)),
    element("td", {}, merchant.currency),
    element("td", { class: "number" }, points(merchant.liability.points, locale)),
    element("td", { class: "number" }, cash(merchant.liability.value, locale)))));
  const jobKeys = ["platform.task", "platform.jobStatus", "platform.count"];
  const jobs = data.jobs.length
    ? table("jobs", jobKeys, new Set(["platform.count"]), data.jobs.map((job) => element("tr", {},
      element("td", {}, element("code", {}, job.task)), element("td", {}, job.status),
      element("td", { class: "number" }, points(job.count, locale)))))
    : element("p", { class: "state empty" }, t("platform.noJobs"));
  return element("div", {},
    element("h1", {}, t("platform.title")),
    element("p", { class: "subtle" }, t("platform.range")),
    element("div", { class: "tiles" },
      tile(t("platform.exchanges"), points(exchanges, locale)),
      ...report.spreadRevenue.map((revenue) => tile(t("platform.revenue"), cash(revenue, locale))),
      ...report.settlement.map((summary) => tile(t("platform.obligations"), cash(summary.obligations, locale),
        `${t("platform.batches")} ${summary.batches} · ${t("platform.batchesDetail", { approved: summary.approved })}`))),
    element("section", { class: "card" }, element("h2", {}, t("platform.volumes")), volumes),
    element("section", { class: "card" }, element("h2", {}, t("platform.liabilities")), liabilities),
    element("section", { class: "card" }, element("h2", {}, t("platform.jobs")), jobs));
}
