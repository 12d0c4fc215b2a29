// The sign-up wizard: 1. the merchant, its owner and its point currency; 2. what it starts with
// (tiers, the earning rule, the expiry policy), to read before going on; 3. a first reward. It
// ends on the dashboard with what to do next.

import * as api from "./api.js";
import { formKey } from "../shared/keys.js";
import { points } from "../shared/format.js";
import { currentLocale, t } from "./i18n.js";
import { element, failed, refusal, show } from "./ui.js";

const FIELDS = [
  ["merchantName", "text", "organization"],
  ["slug", "text", "off"],
  ["ownerEmail", "email", "username"],
  ["ownerPassword", "password", "new-password"],
];
const CURRENCY = [["currency.code", "text"], ["currency.name", "text"], ["currency.pointsPerFiatUnit", "number"]];
const FIATS = ["CNY", "HKD", "TWD", "USD", "EUR", "JPY", "SGD"];

function field(name, type, extra = {}) {
  const id = `signup-${name.replace(".", "-")}`;
  const input = element("input", { id, name, type, required: true, ...extra });
  const error = element("p", { class: "error field-error", id: `${id}-error`, role: "alert" });
  return { name, input, error, block: element("div", { class: "field" }, element("label", { for: id }, t(`signup.${name}`)), input, error) };
}

function steps(current) {
  return element("ol", { class: "steps" },
    ...[1, 2, 3].map((n) => element("li", { class: n === current ? "current" : n < current ? "done" : "" }, t(`signup.step${n}`))));
}

export function signUpScreen(onDone) {
  document.title = t("signup.title");
  const fields = [
    ...FIELDS.map(([name, type, autocomplete]) => field(name, type, { autocomplete })),
    ...CURRENCY.map(([name, type]) => field(name, type, type === "number" ? { min: "1", step: "1", value: "100" } : {})),
  ];
  const fiat = element("select", { id: "signup-currency-fiatCurrency", name: "currency.fiatCurrency" },
    ...FIATS.map((code) => element("option", { value: code }, code)));
  const general = element("p", { class: "error", role: "alert" });
  const submit = element("button", { type: "submit", class: "primary" }, t("signup.create"));
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
  const form = element("form", { class: "card wizard", id: "signup-form", on: { submit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    for (const f of fields) f.error.textContent = "";
    general.textContent = "";
    const value = (name) => byName[name].input.value.trim();
    const input = {
      merchantName: value("merchantName"), slug: value("slug").toLowerCase(),
      ownerEmail: value("ownerEmail"), ownerPassword: byName.ownerPassword.input.value,
      currency: {
        code: value("currency.code").toUpperCase(), name: value("currency.name"),
        fiatCurrency: fiat.value, pointsPerFiatUnit: Number(value("currency.pointsPerFiatUnit")),
      },
    };
    try {
      const answer = (await api.run("PortalSignUp", { input })).signUpMerchant;
      if (answer.userErrors.length) {
        for (const error of answer.userErrors) {
          const target = byName[error.field];
          (target ? target.error : general).textContent = refusal(error);
        }
        submit.disabled = false;
        return;
      }
      await api.login(input.ownerEmail, input.ownerPassword);
      await defaultsStep(onDone);
    } catch (error) {
      general.textContent = t("state.error", { message: error.message });
      submit.disabled = false;
    }
  } } },
    element("h1", {}, t("signup.title")), steps(1),
    element("fieldset", {}, element("legend", {}, t("signup.account")), ...fields.slice(0, 4).map((f) => f.block)),
    element("fieldset", {}, element("legend", {}, t("signup.currency")),
      ...fields.slice(4).map((f) => f.block),
      element("div", { class: "field" }, element("label", { for: fiat.id }, t("signup.currency.fiatCurrency")), fiat)),
    general, submit,
    element("p", {}, element("a", { href: "#" }, t("signup.haveAccount"))),
  );
  show(form);
}

function expiryText(policy) {
  return t(`expiry.${policy.expiryKind}`, {
    days: policy.expiryDays, months: policy.expiryMonths, month: policy.clearingMonth, day: policy.clearingDay,
  });
}

async function defaultsStep(onDone) {
  const locale = currentLocale();
  let defaults;
  try {
    defaults = await api.run("PortalSetupDefaults");
  } catch (error) {
    show(element("div", { class: "card wizard" }, steps(2), failed(error)));
    return;
  }
  const purchase = defaults.earnRules.find((rule) => rule.kind === "PURCHASE");
  show(element("div", { class: "card wizard", id: "defaults" },
    element("h1", {}, t("signup.defaultsTitle")), steps(2),
    element("p", { class: "subtle" }, t("signup.defaultsLead")),
    element("h2", {}, t("signup.tiers")),
    element("table", { class: "list" }, element("tbody", {},
      ...defaults.tiers.map((tier) => element("tr", {},
        element("td", {}, tier.name),
        element("td", { class: "number" }, t("signup.threshold", { points: points(tier.threshold, locale) })),
        element("td", { class: "number" }, `×${tier.earnMultiplier}`))))),
    element("h2", {}, t("signup.earning")),
    element("p", { id: "default-rule" }, purchase
      ? t("signup.purchaseRule", { fiat: defaults.tenant.currency.fiatCurrency, points: purchase.config.points_per_unit })
      : t("signup.noPurchaseRule")),
    element("h2", {}, t("signup.expiry")),
    element("p", { id: "default-expiry" }, expiryText(defaults.pointsPolicy)),
    element("button", { type: "button", class: "primary", on: { click: () => rewardStep(onDone) } }, t("signup.next")),
  ));
}

function rewardStep(onDone) {
  const name = element("input", { id: "reward-name", required: true, maxlength: "200" });
  const price = element("input", { id: "reward-price", type: "number", min: "1", step: "1", required: true });
  const stock = element("input", { id: "reward-stock", type: "number", min: "0", step: "1", value: "100", required: true });
  const message = element("p", { class: "error", role: "alert" });
  const submit = element("button", { type: "submit", class: "primary" }, t("signup.finish"));
  const key = formKey();
  show(element("form", { class: "card wizard", id: "reward-form", on: { submit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    message.textContent = "";
    const input = { name: name.value.trim(), type: "SERVICE", pricePoints: Number(price.value), stock: Number(stock.value) };
    try {
      const answer = (await api.run("PortalCreateReward", { input, key: key.current() })).createReward;
      key.answered();
      if (answer.userErrors.length) {
        message.textContent = refusal(answer.userErrors[0]);
        submit.disabled = false;
        return;
      }
      await onDone(true);
    } catch (error) {
      message.textContent = t("state.error", { message: error.message });
      submit.disabled = false;
    }
  } } },
    element("h1", {}, t("signup.rewardTitle")), steps(3),
    element("p", { class: "subtle" }, t("signup.rewardLead")),
    element("label", { for: "reward-name" }, t("signup.rewardName")), name,
    element("label", { for: "reward-price" }, t("signup.rewardPrice")), price,
    element("label", { for: "reward-stock" }, t("signup.rewardStock")), stock,
    message, submit,
    element("button", { type: "button", class: "link", on: { click: () => onDone(true) } }, t("signup.skip")),
  ));
}
