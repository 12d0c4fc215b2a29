// The reward editor (#reward/<id>): everything a reward is (type, points and cash, tier prices,
// limits, the flash window, the minimum tier, a voucher's validity), its stock, its coupon codes
// (imported or generated) and archiving. Money is typed in units and sent in minor units.

import * as api from "./api.js";
import { decimalText, isoFromLocal, localInput, minorUnits, points } from "../shared/format.js";
import { formKey } from "../shared/keys.js";
import { currentLocale, t } from "./i18n.js";
import { element, failed, field, numberInput, roleAtLeast, submitting, tile } from "./ui.js";

const TYPES = ["SERVICE", "COUPON", "PHYSICAL", "DONATION"];
const optional = (input) => (input.value === "" ? null : Number(input.value));
const words = (input) => input.value.split(/[,，、]/).map((word) => word.trim()).filter(Boolean);

function detailsForm(reward, tiers, fiat, rerender) {
  const inputs = {
    name: element("input", { id: "reward-name", value: reward.name, required: true, maxlength: "200" }),
    description: element("textarea", { id: "reward-description", maxlength: "2000", rows: "3" }, reward.description),
    type: element("select", { id: "reward-type" }, ...TYPES.map((each) => element("option", { value: each, selected: each === reward.type }, t(`rewardType.${each}`)))),
    price: numberInput("reward-price", reward.pricePoints, "0"),
    cash: element("input", { id: "reward-cash", inputmode: "decimal", value: decimalText(reward.priceCash, fiat) }),
    perMember: numberInput("reward-per-member", reward.perMemberLimit, "1"),
    perDay: numberInput("reward-per-day", reward.perMemberDailyLimit, "1"),
    maxPerOrder: numberInput("reward-max-order", reward.maxPerOrder, "1"),
    from: element("input", { id: "reward-from", type: "datetime-local", value: localInput(reward.availableFrom) }),
    until: element("input", { id: "reward-until", type: "datetime-local", value: localInput(reward.availableUntil) }),
    minTier: element("select", { id: "reward-min-tier" }, element("option", { value: "" }, t("reward.anyTier")),
      ...tiers.map((tier) => element("option", { value: tier.id, selected: tier.id === reward.minTierId }, tier.name))),
    validDays: numberInput("reward-valid-days", reward.validDays, "1"),
    categories: element("input", { id: "reward-categories", value: reward.categories.join("、") }),
    draft: element("input", { id: "reward-draft", type: "checkbox", checked: reward.status === "DRAFT" }),
  };
  const tierPrices = tiers.map((tier) => numberInput(`tier-price-${tier.id}`, reward.tierPrices[tier.id] ?? "", "0"));
  const message = element("p", { class: "error", role: "alert" });
  const input = () => ({
    name: inputs.name.value.trim(), description: inputs.description.value.trim(), type: inputs.type.value,
    pricePoints: Number(inputs.price.value), priceCash: minorUnits(inputs.cash.value || "0", fiat) ?? -1,
    stock: reward.stockTotal, perMemberLimit: optional(inputs.perMember), perMemberDailyLimit: optional(inputs.perDay),
    maxPerOrder: Number(inputs.maxPerOrder.value || 1), availableFrom: isoFromLocal(inputs.from.value),
    availableUntil: isoFromLocal(inputs.until.value), minTierId: inputs.minTier.value || null,
    validDays: optional(inputs.validDays), categories: words(inputs.categories), tags: reward.tags,
    draft: inputs.draft.checked,
    tierPrices: tiers.map((tier, index) => ({ tierId: tier.id, pricePoints: optional(tierPrices[index]) }))
      .filter((price) => price.pricePoints !== null),
  });
  return element("form", { class: "card action editor", id: "reward-form", "data-status": reward.status, on: { submit: submitting(message, async () => {
    const answer = (await api.run("PortalUpdateReward", { input: { rewardId: reward.id, reward: input() } })).updateReward;
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("reward.details")),
    field("reward-name", "signup.rewardName", inputs.name), field("reward-description", "reward.description", inputs.description),
    field("reward-type", "mall.type", inputs.type),
    element("div", { class: "pair" }, field("reward-price", "signup.rewardPrice", inputs.price), field("reward-cash", "reward.cash", inputs.cash)),
    element("fieldset", { class: "checks" }, element("legend", {}, t("reward.tierPrices")),
      ...tiers.map((tier, index) => element("label", { class: "inline-field" }, element("span", {}, tier.name), tierPrices[index]))),
    element("div", { class: "pair" }, field("reward-per-member", "reward.perMember", inputs.perMember), field("reward-per-day", "reward.perDay", inputs.perDay)),
    field("reward-max-order", "reward.maxPerOrder", inputs.maxPerOrder),
    element("div", { class: "pair" }, field("reward-from", "reward.from", inputs.from), field("reward-until", "reward.until", inputs.until)),
    field("reward-min-tier", "reward.minTier", inputs.minTier),
    field("reward-valid-days", "reward.validDays", inputs.validDays),
    field("reward-categories", "reward.categories", inputs.categories),
    element("label", { class: "check" }, inputs.draft, t("reward.draft")),
    message, element("button", { type: "submit", class: "primary" }, t("exchange.save")));
}

function stockForm(reward, rerender) {
  const delta = element("input", { id: "stock-delta", type: "number", step: "1", required: true });
  const message = element("p", { class: "error", role: "alert" });
  const key = formKey(); // a retry or a double submit adds once
  return element("form", { class: "card action", id: "stock-form", on: { submit: submitting(message, async () => {
    const input = { rewardId: reward.id, delta: Number(delta.value), idempotencyKey: key.current() };
    const answer = (await api.run("PortalAdjustStock", { input })).adjustStock;
    key.answered();
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("reward.stock")),
    field("stock-delta", "reward.delta", delta),
    message, element("button", { type: "submit", class: "secondary" }, t("reward.adjust")));
}

function couponsForm(reward, rerender) {
  const codes = element("textarea", { id: "coupon-codes", rows: "4", placeholder: "ABC-001\nABC-002" });
  const generate = numberInput("coupon-generate", "", "1");
  const prefix = element("input", { id: "coupon-prefix", maxlength: "20" });
  const message = element("p", { class: "error", role: "alert" });
  // The codes added (generated ones too) are shown here, for the merchant's own till system.
  const added = element("div", { id: "coupons-added", role: "status" });
  const key = formKey();
  return element("form", { class: "card action", id: "coupons-form", on: { submit: submitting(message, async () => {
    const input = { rewardId: reward.id, codes: codes.value.split(/\s+/).filter(Boolean), generate: Number(generate.value || 0), prefix: prefix.value.trim(), idempotencyKey: key.current() };
    const answer = (await api.run("PortalAddCouponCodes", { input })).addCouponCodes;
    key.answered();
    added.replaceChildren();
    if (answer.userErrors.length) return answer.userErrors[0];
    codes.value = "";
    added.append(element("p", {}, t("reward.added", { count: answer.added })), element("pre", { class: "codes" }, answer.codes.join("\n")));
    return null;
  }) } },
    element("h2", {}, t("reward.coupons")),
    field("coupon-codes", "reward.importCodes", codes),
    element("div", { class: "pair" }, field("coupon-generate", "reward.generate", generate), field("coupon-prefix", "reward.prefix", prefix)),
    message, added, element("button", { type: "submit", class: "secondary" }, t("reward.addCodes")));
}

export async function rewardScreen(viewer, id, rerender) {
  const locale = currentLocale();
  let data;
  try {
    data = await api.run("PortalReward", { id });
  } catch (error) {
    return failed(error);
  }
  const reward = data.reward;
  if (!reward) return element("p", { class: "state empty" }, t("reward.notFound"));
  document.title = reward.name;
  const admin = roleAtLeast(viewer, "ADMIN");
  const fiat = viewer.viewer.tenant.currency.fiatCurrency;
  const archive = admin && reward.status !== "ARCHIVED"
    ? element("button", { type: "button", class: "secondary", id: "archive-reward", on: { click: async () => {
      if (!window.confirm(t("reward.confirmArchive", { name: reward.name }))) return;
      await api.run("PortalArchiveReward", { input: { rewardId: reward.id } });
      await rerender();
    } } }, t("reward.archive"))
    : null;
  return element("div", { class: "reward-editor" },
    element("p", {}, element("a", { href: "#mall" }, `← ${t("mall.title")}`)),
    element("h1", {}, reward.name, " ", element("span", { class: `badge ${reward.status === "ACTIVE" ? "active" : "draft"}` }, t(`rewardStatus.${reward.status}`))),
    element("div", { class: "tiles" },
      tile(t("signup.rewardPrice"), points(reward.pricePoints, locale)),
      tile(t("mall.stock"), points(reward.stockAvailable, locale), t("reward.ofTotal", { total: points(reward.stockTotal, locale) }), "reward-stock")),
    admin ? detailsForm(reward, data.tiers, fiat, rerender) : null,
    element("div", { class: "actions" },
      roleAtLeast(viewer, "STAFF") ? stockForm(reward, rerender) : null,
      admin && reward.type === "COUPON" ? couponsForm(reward, rerender) : null),
    archive);
}
