// Settings' exchange tab: whether members may bring points in from other merchants or take
// them out (and how many a day), the platform points the merchant holds to award, and its
// settlement statements.

import * as api from "./api.js";
import { money, points } from "../shared/format.js";
import { formKey } from "../shared/keys.js";
import { currentLocale, t } from "./i18n.js";
import { dateTime, element, heading, submitting, tile } from "./ui.js";

function optInForm(settings, rerender) {
  const into = element("input", { id: "exchange-in", type: "checkbox", checked: settings.exchangeIn });
  const out = element("input", { id: "exchange-out", type: "checkbox", checked: settings.exchangeOut });
  const cap = element("input", { id: "exchange-cap", type: "number", min: "1", step: "1", value: settings.memberDailyCap ?? "" });
  const message = element("p", { class: "error", role: "alert" });
  return element("form", { class: "card action inline", id: "exchange-settings", on: { submit: submitting(message, async () => {
    const input = { exchangeIn: into.checked, exchangeOut: out.checked, memberDailyCap: cap.value ? Number(cap.value) : null };
    const answer = (await api.run("PortalUpdateExchangeSettings", { input })).updateExchangeSettings;
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("exchange.optIn")),
    element("p", { class: "subtle" }, t("exchange.optInLead")),
    element("label", { class: "check" }, into, t("exchange.in")),
    element("label", { class: "check" }, out, t("exchange.out")),
    element("label", { for: "exchange-cap" }, t("exchange.cap")), cap,
    message, element("button", { type: "submit", class: "primary" }, t("exchange.save")));
}

function buyForm(rerender) {
  const amount = element("input", { id: "buy-plat", type: "number", min: "1", step: "1", required: true });
  const message = element("p", { class: "error", role: "alert" });
  const key = formKey();  // submitted twice, bought once
  return element("form", { class: "inline", id: "buy-platform-points", on: { submit: submitting(message, async () => {
    const answer = (await api.run("PortalBuyPlatformPoints", { input: { amount: Number(amount.value), idempotencyKey: key.current() } })).purchasePlatformPoints;
    key.answered();
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    element("label", { for: "buy-plat" }, t("exchange.buy")), amount,
    message, element("button", { type: "submit", class: "secondary" }, t("exchange.buySubmit")));
}

function statements(viewer, nodes, locale) {
  if (!nodes.length) return element("p", { class: "state empty" }, t("exchange.noStatements"));
  const zone = viewer.viewer.tenant.timeZone;
  return element("table", { class: "list", id: "statements" },
    element("thead", {}, element("tr", {}, ...["exchange.until", "exchange.batch", "exchange.kinds", "exchange.net", "exchange.payment", "exchange.download"].map((key) => heading(key, key === "exchange.net")))),
    element("tbody", {}, ...nodes.slice().reverse().map((statement) => element("tr", {},
      element("td", {}, dateTime(statement.until, zone)),
      element("td", {}, t(`batchStatus.${statement.batchStatus}`)),
      element("td", {}, statement.kinds.map((kind) => `${t(`obligation.${kind.kind}`)} ×${kind.count} ${money(kind.amount.amount, kind.amount.currency, locale)}`).join("；")),
      element("td", { class: "number" }, money(statement.line.net.amount, statement.line.net.currency, locale)),
      element("td", {}, statement.line.status === "PAID" ? element("code", {}, statement.line.paymentReference) : t(`lineStatus.${statement.line.status}`)),
      element("td", {}, element("a", { href: `/portal/exports/settlement/${statement.batchId}.csv`, download: "" }, "CSV"))))));
}

export async function exchangeTab(viewer, rerender) {
  const locale = currentLocale();
  const data = await api.run("PortalExchange");
  const plat = data.platformCurrency;
  return [
    optInForm(data.exchangeSettings, rerender),
    element("section", { class: "card", id: "treasury" }, element("h2", {}, t("exchange.platform")),
      plat
        ? element("div", {},
          element("div", { class: "tiles" }, tile(t("exchange.held", { code: plat.code }), points(data.platformTreasury.available, locale))),
          buyForm(rerender))
        : element("p", { class: "state" }, t("exchange.noPlatform"))),
    element("section", { class: "card" }, element("h2", {}, t("exchange.statements")), statements(viewer, data.settlementStatements.nodes, locale)),
  ];
}
