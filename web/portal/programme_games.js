// The programme's games tab: lotteries (price per draw, daily limit, weighted prizes, what each
// prize has been won) with a form for a new one, and the leaderboard of a chosen period.

import * as api from "./api.js";
import { formKey } from "../shared/keys.js";
import { points } from "../shared/format.js";
import { currentLocale, t } from "./i18n.js";
import { element, field, heading, numberInput, roleAtLeast, submitting } from "./ui.js";

const PERIODS = ["WEEK", "MONTH", "ALL_TIME"];

function lotteriesTable(lotteries) {
  const locale = currentLocale();
  if (!lotteries.length) return element("p", { class: "state empty" }, t("lottery.none"));
  return element("table", { class: "list", id: "lotteries" },
    element("thead", {}, element("tr", {}, ...["rule.name", "lottery.cost", "lottery.dailyLimit", "lottery.prizes"].map((key) => heading(key, key === "lottery.cost")))),
    element("tbody", {}, ...lotteries.map((lottery) => element("tr", { "data-lottery": lottery.name },
      element("td", {}, lottery.name),
      element("td", { class: "number" }, points(lottery.costPoints, locale)),
      element("td", {}, lottery.dailyLimit ? String(lottery.dailyLimit) : t("lottery.noLimit")),
      element("td", {}, lottery.prizes.map((prize) => t("lottery.prize", { name: prize.name, weight: prize.weight, won: prize.won })).join("；"))))));
}

function prizeRow(index, defaults) {
  const name = element("input", { "aria-label": t("lottery.prizeName"), value: defaults.name, required: true, maxlength: "200" });
  const kind = element("select", { "aria-label": t("rule.kind") }, ...["POINTS", "NOTHING"].map((each) => element("option", { value: each, selected: each === defaults.kind }, t(`prizeKind.${each}`))));
  const amount = element("input", { type: "number", min: "1", step: "1", "aria-label": t("lottery.prizePoints"), value: defaults.points });
  const weight = element("input", { type: "number", min: "1", step: "1", "aria-label": t("lottery.weight"), value: defaults.weight, required: true });
  const row = element("div", { class: "prize-row", "data-prize": String(index) }, name, kind, amount, weight);
  row.value = () => ({ name: name.value.trim(), kind: kind.value, weight: Number(weight.value), points: kind.value === "POINTS" ? Number(amount.value) : null });
  return row;
}

function newLotteryForm(rerender) {
  const name = element("input", { id: "lottery-name", required: true, maxlength: "200" });
  const cost = numberInput("lottery-cost", "50", "1");
  const limit = numberInput("lottery-limit", "3", "1");
  const rows = [
    prizeRow(0, { name: t("lottery.samplePoints"), kind: "POINTS", points: "200", weight: "10" }),
    prizeRow(1, { name: t("lottery.sampleNothing"), kind: "NOTHING", points: "", weight: "90" }),
  ];
  const message = element("p", { class: "error", role: "alert" });
  const key = formKey();
  return element("form", { class: "card action inline", id: "new-lottery", on: { submit: submitting(message, async () => {
    const input = { name: name.value.trim(), costPoints: Number(cost.value), dailyLimit: limit.value ? Number(limit.value) : null, prizes: rows.map((row) => row.value()), idempotencyKey: key.current() };
    const answer = (await api.run("PortalCreateLottery", { input })).createLottery;
    key.answered();
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("lottery.new")),
    field("lottery-name", "rule.name", name), field("lottery-cost", "lottery.cost", cost), field("lottery-limit", "lottery.dailyLimit", limit),
    element("fieldset", { class: "checks" }, element("legend", {}, t("lottery.prizesLead")), ...rows),
    message, element("button", { type: "submit", class: "primary" }, t("settings.add")));
}

function leaderboard(entries, period) {
  const locale = currentLocale();
  const choose = element("select", { id: "leaderboard-period", "aria-label": t("leaderboard.period"), on: { change: (event) => {
    window.location.hash = `#programme/games?period=${event.target.value}`;
  } } }, ...PERIODS.map((each) => element("option", { value: each, selected: each === period }, t(`period.${each}`))));
  return element("section", { class: "card", id: "leaderboard" },
    element("h2", {}, t("leaderboard.title")), choose,
    entries.length
      ? element("table", { class: "list" },
        element("thead", {}, element("tr", {}, heading("leaderboard.rank", true), heading("rule.name"), heading("leaderboard.points", true))),
        element("tbody", {}, ...entries.map((entry) => element("tr", {},
          element("td", { class: "number" }, String(entry.rank)), element("td", {}, entry.name),
          element("td", { class: "number" }, points(entry.points, locale))))))
      : element("p", { class: "state empty" }, t("leaderboard.none")));
}

export async function gamesTab(viewer, rerender, params) {
  const period = PERIODS.includes(params.get("period")) ? params.get("period") : "WEEK";
  const data = await api.run("PortalLotteries", { period });
  return [
    element("section", { class: "card" }, element("h2", {}, t("lottery.title")), lotteriesTable(data.lotteries)),
    roleAtLeast(viewer, "ADMIN") ? newLotteryForm(rerender) : null,
    leaderboard(data.leaderboard, period),
  ];
}
