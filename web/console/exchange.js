// The exchange screen: what a platform point is worth, the merchant currencies listed for
// exchange with their current rates, a rate's history (#exchange?history=CODE), and the form that
// lists a currency or gives it a new rate.

import * as api from "./api.js";
import { points } from "../shared/format.js";
import { currentLocale, t } from "./i18n.js";
import { dateTime, element, failed, heading, submitting } from "./ui.js";

const NUMERIC = new Set(["exchange.rate", "exchange.spread", "exchange.version"]);

function spread(bps, locale) {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(bps / 10_000);
}

function platformCard(platform, rerender) {
  const fiat = element("input", { id: "plat-fiat", value: platform ? platform.fiatCurrency : "CNY", maxlength: "3", required: true });
  const perUnit = element("input", { id: "plat-per-unit", type: "number", min: "1", step: "1", value: platform ? String(platform.pointsPerFiatUnit) : "100", required: true });
  const message = element("p", { class: "error", role: "alert" });
  const input = () => ({ fiatCurrency: fiat.value.trim().toUpperCase(), pointsPerFiatUnit: Number(perUnit.value) });
  return element("section", { class: "card", id: "platform-currency" },
    element("h2", {}, t("exchange.platform")),
    element("p", { class: "lead" }, platform
      ? t("exchange.platformValue", { fiat: platform.fiatCurrency, points: platform.pointsPerFiatUnit, code: platform.code })
      : t("exchange.platformNone")),
    element("form", { class: "inline", on: { submit: submitting(message, async () => {
      const answer = (await api.run("ConsoleConfigurePlatformCurrency", { input: input() })).configurePlatformCurrency;
      if (!answer.userErrors.length) await rerender();
      return answer.userErrors[0];
    }) } },
      element("h3", {}, t("exchange.configure")),
      element("label", { for: "plat-fiat" }, t("exchange.fiat")), fiat,
      element("label", { for: "plat-per-unit" }, t("exchange.pointsPerFiat")), perUnit,
      message, element("button", { type: "submit", class: "primary" }, t("exchange.save"))));
}

function listings(currencies, locale) {
  if (!currencies.length) return element("p", { class: "state empty" }, t("exchange.none"));
  return element("table", { class: "list", id: "listings" },
    element("thead", {}, element("tr", {}, ...["exchange.code", "exchange.rate", "exchange.spread", "exchange.version", "exchange.from", "exchange.history"].map((key) => heading(key, NUMERIC.has(key))))),
    element("tbody", {}, ...currencies.map((currency) => element("tr", { "data-code": currency.code },
      element("td", {}, element("code", {}, currency.code)),
      element("td", { class: "number" }, currency.rate ? currency.rate.platPerPoint : "–"),
      element("td", { class: "number" }, currency.rate ? spread(currency.rate.spreadBps, locale) : "–"),
      element("td", { class: "number" }, currency.rate ? points(currency.rate.version, locale) : "–"),
      element("td", {}, currency.rate ? dateTime(currency.rate.effectiveFrom, "UTC") : "–"),
      element("td", {}, element("a", { href: `#exchange?history=${encodeURIComponent(currency.code)}` }, t("exchange.history")))))));
}

async function history(code, locale) {
  const rates = (await api.run("ConsoleRateHistory", { code })).exchangeRates;
  return element("section", { class: "card", id: "rate-history" },
    element("h2", {}, t("exchange.historyOf", { code })),
    element("table", { class: "list" },
      element("thead", {}, element("tr", {}, ...["exchange.version", "exchange.rate", "exchange.spread", "exchange.from"].map((key) => heading(key, NUMERIC.has(key))))),
      element("tbody", {}, ...rates.map((rate) => element("tr", {},
        element("td", { class: "number" }, points(rate.version, locale)),
        element("td", { class: "number" }, rate.platPerPoint),
        element("td", { class: "number" }, spread(rate.spreadBps, locale)),
        element("td", {}, dateTime(rate.effectiveFrom, "UTC")))))));
}

function rateForm(tenants, rerender) {
  const tenant = element("select", { id: "rate-tenant", required: true },
    ...tenants.map((each) => element("option", { value: each.id, "data-code": each.currency ? each.currency.code : "" }, `${each.name} (${each.slug})`)));
  const code = element("input", { id: "rate-code", maxlength: "12", required: true });
  const value = element("input", { id: "rate-value", inputmode: "decimal", required: true, placeholder: "0.01" });
  const bps = element("input", { id: "rate-spread", type: "number", min: "0", step: "1", value: "0", required: true });
  const message = element("p", { class: "error", role: "alert" });
  const fillCode = () => { code.value = tenant.selectedOptions[0] ? tenant.selectedOptions[0].dataset.code : ""; };
  tenant.addEventListener("change", fillCode);
  fillCode();
  return element("form", { class: "card action inline", id: "set-rate", on: { submit: submitting(message, async () => {
    // The rate stays a decimal string end to end: the server reads it as an exact Decimal.
    const input = { tenantId: tenant.value, code: code.value.trim(), platPerPoint: value.value.trim(), spreadBps: Number(bps.value) };
    const answer = (await api.run("ConsoleSetExchangeRate", { input })).setExchangeRate;
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("exchange.setRate")),
    element("label", { for: "rate-tenant" }, t("exchange.tenant")), tenant,
    element("label", { for: "rate-code" }, t("exchange.code")), code,
    element("label", { for: "rate-value" }, t("exchange.rate")), value,
    element("label", { for: "rate-spread" }, t("exchange.spreadBps")), bps,
    message, element("button", { type: "submit", class: "primary" }, t("exchange.setRateSubmit")));
}

export async function exchangeScreen(params, rerender) {
  document.title = t("exchange.title");
  const locale = currentLocale();
  let data;
  let tenants;
  let rateHistory = null;
  try {
    data = await api.run("ConsoleExchange");
    tenants = (await api.run("ConsoleTenants", { status: "ACTIVE", search: "", after: null })).tenants.nodes;
    if (params.get("history")) rateHistory = await history(params.get("history"), locale);
  } catch (error) {
    return failed(error);
  }
  return element("div", {},
    element("h1", {}, t("exchange.title")),
    platformCard(data.platformCurrency, rerender),
    element("section", { class: "card" }, element("h2", {}, t("exchange.listings")), listings(data.exchangeCurrencies, locale)),
    rateHistory,
    rateForm(tenants, rerender));
}
