// The programme's tiers tab (the tiers, a form for a new one or to change one, how members
// qualify) and policy tab (expiry, the restore rule for refunds, member transfers, reminders).

import * as api from "./api.js";
import { formKey } from "../shared/keys.js";
import { points } from "../shared/format.js";
import { currentLocale, t } from "./i18n.js";
import { element, field, heading, numberInput, roleAtLeast, submitting } from "./ui.js";

const EXPIRY_FIELDS = {
  NEVER: [], ROLLING_DAYS: ["days"], INACTIVITY: ["days"], MONTH_END: ["months"], YEARLY_DATE: ["month", "day"],
};

function tiersTable(tiers, edit) {
  const locale = currentLocale();
  return element("table", { class: "list", id: "tiers" },
    element("thead", {}, element("tr", {}, ...["tier.rank", "rule.name", "tier.threshold", "tier.multiplier", "tier.perks", "settings.action"].map((key) => heading(key, ["tier.rank", "tier.threshold", "tier.multiplier"].includes(key))))),
    element("tbody", {}, ...tiers.map((tier) => element("tr", { "data-tier": tier.name },
      element("td", { class: "number" }, String(tier.rank)), element("td", {}, tier.name),
      element("td", { class: "number" }, points(tier.threshold, locale)),
      element("td", { class: "number" }, `×${tier.earnMultiplier}`),
      element("td", {}, tier.perks.join("、") || "–"),
      element("td", {}, edit ? element("button", { type: "button", class: "secondary small", on: { click: () => edit(tier) } }, t("tier.edit")) : "–")))));
}

function tierForm(tiers, rerender) {
  const inputs = {
    name: element("input", { id: "tier-name", required: true, maxlength: "100" }),
    rank: numberInput("tier-rank", String(tiers.length), "0"),
    threshold: numberInput("tier-threshold", "", "0"),
    multiplier: element("input", { id: "tier-multiplier", value: "1", inputmode: "decimal" }),
    perks: element("input", { id: "tier-perks" }),
  };
  let editing = null;
  const title = element("h2", {}, t("tier.new"));
  const message = element("p", { class: "error", role: "alert" });
  const key = formKey();
  const form = element("form", { class: "card action inline", id: "tier-form", on: { submit: submitting(message, async () => {
    const tier = {
      name: inputs.name.value.trim(), rank: Number(inputs.rank.value), threshold: Number(inputs.threshold.value),
      earnMultiplier: inputs.multiplier.value.trim(), birthdayMultiplier: editing ? editing.birthdayMultiplier : "1",
      perks: inputs.perks.value.split(/[,，、]/).map((perk) => perk.trim()).filter(Boolean),
    };
    const answer = await api.run("PortalSaveTier", { create: tier, update: { tierId: editing ? editing.id : "", tier }, isNew: !editing, key: key.current() });
    key.answered();
    const payload = answer.createTier || answer.updateTier;
    if (!payload.userErrors.length) await rerender();
    return payload.userErrors[0];
  }) } },
    title,
    field("tier-name", "rule.name", inputs.name), field("tier-rank", "tier.rank", inputs.rank),
    field("tier-threshold", "tier.threshold", inputs.threshold), field("tier-multiplier", "tier.multiplier", inputs.multiplier),
    field("tier-perks", "tier.perksInput", inputs.perks),
    message, element("button", { type: "submit", class: "primary" }, t("exchange.save")));
  const edit = (tier) => {
    editing = tier;
    title.textContent = t("tier.editing", { name: tier.name });
    inputs.name.value = tier.name;
    inputs.rank.value = String(tier.rank);
    inputs.threshold.value = String(tier.threshold);
    inputs.multiplier.value = tier.earnMultiplier;
    inputs.perks.value = tier.perks.join("、");
    form.scrollIntoView();
  };
  return { form, edit };
}

function tierPolicyForm(policy, rerender) {
  const basis = element("select", { id: "policy-basis" }, ...["POINTS_EARNED", "FIAT_SPENT"].map((each) => element("option", { value: each, selected: each === policy.basis }, t(`tierBasis.${each}`))));
  const window = element("select", { id: "policy-window" }, ...["ROLLING_MONTHS", "CALENDAR_YEAR"].map((each) => element("option", { value: each, selected: each === policy.window }, t(`tierWindow.${each}`))));
  const months = numberInput("policy-months", policy.months, "1");
  const grace = numberInput("policy-grace", policy.graceDays, "0");
  const message = element("p", { class: "error", role: "alert" });
  return element("form", { class: "card action inline", id: "tier-policy", on: { submit: submitting(message, async () => {
    const input = { basis: basis.value, window: window.value, months: Number(months.value), graceDays: Number(grace.value) };
    const answer = (await api.run("PortalUpdateTierPolicy", { input })).updateTierPolicy;
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("tier.policy")),
    field("policy-basis", "tier.basis", basis), field("policy-window", "tier.window", window),
    field("policy-months", "tier.months", months), field("policy-grace", "tier.grace", grace),
    message, element("button", { type: "submit", class: "primary" }, t("exchange.save")));
}

export async function tiersTab(viewer, rerender) {
  const data = await api.run("PortalTiers");
  const admin = roleAtLeast(viewer, "ADMIN");
  const editor = admin ? tierForm(data.tiers, rerender) : null;
  return [
    element("section", { class: "card" }, element("h2", {}, t("tier.title")), tiersTable(data.tiers, editor ? editor.edit : null)),
    editor ? editor.form : null,
    admin ? tierPolicyForm(data.tierPolicy, rerender) : null,
  ];
}

export async function policyTab(viewer, rerender) {
  const policy = (await api.run("PortalPointsPolicy")).pointsPolicy;
  const kind = element("select", { id: "expiry-kind", disabled: !roleAtLeast(viewer, "ADMIN") }, ...Object.keys(EXPIRY_FIELDS).map((each) => element("option", { value: each, selected: each === policy.expiryKind }, t(`expiry.${each}`))));
  const inputs = {
    days: numberInput("expiry-days", policy.expiryDays ?? "365", "1"),
    months: numberInput("expiry-months", policy.expiryMonths ?? "12", "1"),
    month: numberInput("expiry-month", policy.clearingMonth ?? "12", "1"),
    day: numberInput("expiry-day", policy.clearingDay ?? "31", "1"),
  };
  const blocks = {
    days: field("expiry-days", "expiry.days", inputs.days), months: field("expiry-months", "expiry.months", inputs.months),
    month: field("expiry-month", "expiry.month", inputs.month), day: field("expiry-day", "expiry.day", inputs.day),
  };
  const layout = () => { for (const [name, block] of Object.entries(blocks)) block.hidden = !EXPIRY_FIELDS[kind.value].includes(name); };
  kind.addEventListener("change", layout);
  layout();
  const restore = element("select", { id: "restore-rule" }, ...["ORIGINAL_EXPIRY", "FRESH"].map((each) => element("option", { value: each, selected: each === policy.restoreRule }, t(`restore.${each}`))));
  const transfers = element("input", { id: "transfers", type: "checkbox", checked: policy.memberTransfersEnabled });
  const cap = numberInput("transfer-cap", policy.memberTransferDailyCap, "0");
  const reminders = element("input", { id: "reminder-days", value: policy.reminderDays.join(", ") });
  const message = element("p", { class: "error", role: "alert" });
  const input = () => {
    const chosen = EXPIRY_FIELDS[kind.value];
    return {
      expiryKind: kind.value,
      expiryDays: chosen.includes("days") ? Number(inputs.days.value) : null,
      expiryMonths: chosen.includes("months") ? Number(inputs.months.value) : null,
      clearingMonth: chosen.includes("month") ? Number(inputs.month.value) : null,
      clearingDay: chosen.includes("day") ? Number(inputs.day.value) : null,
      restoreRule: restore.value, memberTransfersEnabled: transfers.checked, memberTransferDailyCap: Number(cap.value || 0),
      reminderDays: reminders.value.split(/[,，\s]+/).filter(Boolean).map(Number),
    };
  };
  return [element("form", { class: "card action inline", id: "points-policy", "data-kind": policy.expiryKind, on: { submit: submitting(message, async () => {
    const answer = (await api.run("PortalUpdatePointsPolicy", { input: input() })).updatePointsPolicy;
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("expiry.title")),
    element("p", { class: "subtle" }, t("expiry.lead")),
    field("expiry-kind", "expiry.kind", kind), ...Object.values(blocks),
    field("restore-rule", "restore.title", restore),
    element("label", { class: "check" }, transfers, t("transfer.enabled")),
    field("transfer-cap", "transfer.cap", cap),
    field("reminder-days", "expiry.reminders", reminders),
    message, roleAtLeast(viewer, "ADMIN") ? element("button", { type: "submit", class: "primary" }, t("exchange.save")) : null)];
}
