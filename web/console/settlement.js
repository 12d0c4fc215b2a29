// The settlement screens: batches with the form that closes a period (#settlement), and one
// batch line by line (#settlement/<id>): approve it, mark each line paid with its payment
// reference, download its obligations as CSV.

import * as api from "./api.js";
import { money } from "../shared/format.js";
import { currentLocale, t } from "./i18n.js";
import { dateTime, element, failed, heading, refusal, submitting, tile } from "./ui.js";

const NUMERIC = new Set(["settlement.total", "settlement.platformNet", "settlement.revenue", "settlement.receivable", "settlement.payable", "settlement.net"]);
const cash = (value, locale) => money(value.amount, value.currency, locale);
const badge = (kind, status) => element("span", { class: `badge ${status.toLowerCase()}` }, t(`${kind}.${status}`));

function closeForm(rerender) {
  const message = element("p", { class: "error", role: "alert" });
  return element("form", { class: "card action", id: "close-period", on: { submit: submitting(message, async () => {
    // A second back, so a browser clock slightly ahead of the server's is not "the future".
    const until = new Date(Date.now() - 1000).toISOString();
    const answer = (await api.run("ConsoleCloseSettlementPeriod", { input: { until } })).closeSettlementPeriod;
    if (answer.batch) window.location.hash = `#settlement/${answer.batch.id}`;
    else if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("settlement.close")),
    element("p", { class: "subtle" }, t("settlement.closeLead")),
    message, element("button", { type: "submit", class: "primary" }, t("settlement.closeSubmit")));
}

export async function settlementScreen(rerender) {
  document.title = t("settlement.title");
  const locale = currentLocale();
  let batches;
  try {
    batches = (await api.run("ConsoleSettlement")).settlementBatches.nodes;
  } catch (error) {
    return failed(error);
  }
  const table = batches.length
    ? element("table", { class: "list", id: "batches" },
      element("thead", {}, element("tr", {}, ...["settlement.until", "settlement.status", "settlement.total", "settlement.platformNet", "settlement.revenue", "settlement.open"].map((key) => heading(key, NUMERIC.has(key))))),
      element("tbody", {}, ...batches.slice().reverse().map((batch) => element("tr", { "data-batch": batch.id },
        element("td", {}, dateTime(batch.until, "UTC")),
        element("td", {}, badge("batchStatus", batch.status)),
        element("td", { class: "number" }, cash(batch.obligationsTotal, locale)),
        element("td", { class: "number" }, cash(batch.platformNet, locale)),
        element("td", { class: "number" }, cash(batch.platformRevenue, locale)),
        element("td", {}, element("a", { href: `#settlement/${batch.id}` }, t("settlement.open")))))))
    : element("p", { class: "state empty" }, t("settlement.none"));
  return element("div", {},
    element("h1", {}, t("settlement.title")),
    closeForm(rerender),
    element("section", { class: "card" }, element("h2", {}, t("settlement.batches")), table));
}

function payCell(batch, line, rerender) {
  if (line.status === "PAID") {
    return element("span", {}, element("code", {}, line.paymentReference), " ",
      element("span", { class: "subtle-inline" }, t("settlement.paidAt", { when: dateTime(line.paidAt, "UTC") })));
  }
  if (batch.status !== "APPROVED") return "–";
  const reference = element("input", { class: "reference", required: true, maxlength: "200", "aria-label": t("settlement.reference"), placeholder: t("settlement.reference") });
  const message = element("span", { class: "error", role: "alert" });
  return element("form", { class: "pay", on: { submit: submitting(message, async () => {
    const input = { lineId: line.id, paymentReference: reference.value.trim() };
    const answer = (await api.run("ConsoleMarkLinePaid", { input })).markSettlementLinePaid;
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } }, reference, element("button", { type: "submit", class: "secondary small" }, t("settlement.markPaid")), message);
}

function approveCard(batch, rerender) {
  if (batch.status !== "DRAFT") return null;
  const message = element("p", { class: "error", role: "alert" });
  return element("form", { class: "card action next", id: "approve", on: { submit: submitting(message, async () => {
    const answer = (await api.run("ConsoleApproveBatch", { input: { batchId: batch.id } })).approveSettlementBatch;
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    element("p", {}, t("settlement.approveLead")),
    message, element("button", { type: "submit", class: "primary" }, t("settlement.approve")));
}

export async function batchScreen(id, rerender) {
  document.title = t("settlement.batch");
  const locale = currentLocale();
  let batch;
  try {
    batch = (await api.run("ConsoleBatch", { id })).settlementBatch;
  } catch (error) {
    return failed(error);
  }
  if (!batch) return element("p", { class: "error", role: "alert" }, refusal({ code: "BATCH_NOT_FOUND", message: "" }));
  const lines = element("table", { class: "list", id: "lines" },
    element("thead", {}, element("tr", {}, ...["settlement.merchant", "settlement.receivable", "settlement.payable", "settlement.net", "settlement.lineStatus", "settlement.reference"].map((key) => heading(key, NUMERIC.has(key))))),
    element("tbody", {}, ...batch.lines.map((line) => element("tr", { "data-merchant": line.merchant ? line.merchant.slug : line.id },
      element("td", {}, line.merchant ? line.merchant.name : "–", line.merchant ? element("code", { class: "code" }, line.merchant.slug) : null),
      element("td", { class: "number" }, cash(line.receivable, locale)),
      element("td", { class: "number" }, cash(line.payable, locale)),
      element("td", { class: `number ${line.net.amount < 0 ? "out" : "in"}` }, cash(line.net, locale)),
      element("td", { class: "status" }, badge("lineStatus", line.status)),
      element("td", {}, payCell(batch, line, rerender))))));
  return element("div", { "data-status": batch.status, id: "batch" },
    element("p", {}, element("a", { href: "#settlement" }, t("settlement.back"))),
    element("h1", {}, t("settlement.batch"), " ", badge("batchStatus", batch.status)),
    element("p", { class: "subtle" }, `${t("settlement.until")} ${dateTime(batch.until, "UTC")} (UTC)`),
    element("div", { class: "tiles" },
      tile(t("settlement.total"), cash(batch.obligationsTotal, locale), "", "batch-total"),
      tile(t("settlement.platformNet"), cash(batch.platformNet, locale)),
      tile(t("settlement.revenue"), cash(batch.platformRevenue, locale))),
    approveCard(batch, rerender),
    element("section", { class: "card" },
      element("h2", {}, t("settlement.lines")),
      element("p", { class: "subtle" }, t("settlement.netHelp")),
      lines,
      element("p", {}, element("a", { href: `/console/exports/settlement/${batch.id}.csv`, download: "", id: "batch-csv" }, t("settlement.csv")))));
}
