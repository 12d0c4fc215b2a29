// The programme: tabs for earning (rules and campaigns), tiers (and how members qualify),
// the points policy (expiry, refunds, transfers) and games (lotteries, the leaderboard), at
// #programme/<tab>. ADMIN and above change them; everyone may look.

import * as api from "./api.js";
import { formKey } from "../shared/keys.js";
import { isoFromLocal, minorUnits, points } from "../shared/format.js";
import { currentLocale, t } from "./i18n.js";
import { gamesTab } from "./programme_games.js";
import { policyTab, tiersTab } from "./programme_tiers.js";
import { actionButton, dateTime, element, failed, field, heading, numberInput, refusal, roleAtLeast, submitting } from "./ui.js";

const TABS = ["earning", "tiers", "policy", "games"];
const KINDS = ["PURCHASE", "CHECK_IN", "SIGNUP", "BIRTHDAY", "PROFILE_COMPLETION", "EVENT", "REFERRAL"];

function ruleSummary(rule, locale, fiat) {
  const config = rule.config || {};
  if (rule.kind === "PURCHASE") return t("rule.perUnit", { points: config.points_per_unit, fiat });
  if (rule.kind === "CHECK_IN") return t("rule.schedule", { days: (config.schedule || []).join(" / ") });
  if (rule.kind === "REFERRAL") return t("rule.referral", { referrer: config.referrer_points, referee: config.referee_points });
  if (rule.kind === "EVENT") return t("rule.event", { code: config.code, points: points(config.points, locale) });
  return t("rule.points", { points: points(config.points, locale) });
}

function rulesTable(viewer, rules, rerender, report) {
  const locale = currentLocale();
  if (!rules.length) return element("p", { class: "state empty" }, t("rule.none"));
  return element("table", { class: "list", id: "rules" },
    element("thead", {}, element("tr", {}, ...["rule.name", "rule.kind", "rule.earns", "rule.awarded", "members.status", "settings.action"].map((key) => heading(key, key === "rule.awarded")))),
    element("tbody", {}, ...rules.map((rule) => element("tr", { "data-rule": rule.name },
      element("td", {}, rule.name), element("td", {}, t(`ruleKind.${rule.kind}`)),
      element("td", {}, ruleSummary(rule, locale, viewer.viewer.tenant.currency.fiatCurrency)),
      element("td", { class: "number" }, points(rule.awardedPoints, locale)),
      element("td", {}, element("span", { class: `badge ${rule.status === "ACTIVE" ? "active" : "suspended"}` }, t(`earnStatus.${rule.status}`))),
      element("td", {}, rule.status === "ACTIVE" && roleAtLeast(viewer, "ADMIN")
        ? actionButton(t("rule.archive"), async () => (await api.run("PortalArchiveEarnRule", { input: { ruleId: rule.id } })).archiveEarnRule, { report, rerender })
        : "–")))));
}

function newRuleForm(viewer, rerender) {
  const fiat = viewer.viewer.tenant.currency.fiatCurrency;
  const kind = element("select", { id: "rule-kind" }, ...KINDS.map((each) => element("option", { value: each }, t(`ruleKind.${each}`))));
  const inputs = {
    name: element("input", { id: "rule-name", required: true, maxlength: "100" }),
    pointsPerUnit: element("input", { id: "rule-per-unit", value: "1", inputmode: "decimal" }),
    minOrder: element("input", { id: "rule-min-order", value: "0", inputmode: "decimal" }),
    schedule: element("input", { id: "rule-schedule", value: "5,5,10,10,10,20,50" }),
    points: numberInput("rule-points", "100", "1"),
    eventCode: element("input", { id: "rule-event", maxlength: "64" }),
    referrer: numberInput("rule-referrer", "200"),
    referee: numberInput("rule-referee", "100"),
    dailyCap: numberInput("rule-daily-cap", "", "1"),
  };
  const fields = {
    name: field("rule-name", "rule.name", inputs.name),
    pointsPerUnit: field("rule-per-unit", "rule.pointsPerUnit", inputs.pointsPerUnit),
    minOrder: element("div", { class: "field", id: "rule-min-order-field" }, element("label", { for: "rule-min-order" }, t("rule.minOrder", { fiat })), inputs.minOrder),
    schedule: field("rule-schedule", "rule.scheduleInput", inputs.schedule),
    points: field("rule-points", "rule.pointsInput", inputs.points),
    eventCode: field("rule-event", "rule.eventCode", inputs.eventCode),
    referrer: field("rule-referrer", "rule.referrer", inputs.referrer),
    referee: field("rule-referee", "rule.referee", inputs.referee),
    dailyCap: field("rule-daily-cap", "rule.dailyCap", inputs.dailyCap),
  };
  const shown = {
    PURCHASE: ["name", "pointsPerUnit", "minOrder"],
    CHECK_IN: ["name", "schedule"],
    EVENT: ["name", "eventCode", "points", "dailyCap"],
    REFERRAL: ["name", "referrer", "referee"],
  };
  const layout = () => {
    const visible = shown[kind.value] || ["name", "points"];
    for (const [name, block] of Object.entries(fields)) block.hidden = !visible.includes(name);
  };
  kind.addEventListener("change", layout);
  layout();
  const message = element("p", { class: "error", role: "alert" });
  const input = () => {
    const name = inputs.name.value.trim();
    if (kind.value === "PURCHASE") {
      return { purchase: { name, pointsPerUnit: inputs.pointsPerUnit.value.trim(), minOrder: minorUnits(inputs.minOrder.value || "0", fiat) ?? -1 } };
    }
    const occasion = { kind: kind.value, name };
    if (kind.value === "CHECK_IN") occasion.schedule = inputs.schedule.value.split(/[,，\s]+/).filter(Boolean).map(Number);
    else if (kind.value === "REFERRAL") Object.assign(occasion, { referrerPoints: Number(inputs.referrer.value), refereePoints: Number(inputs.referee.value) });
    else occasion.points = Number(inputs.points.value);
    if (kind.value === "EVENT") {
      occasion.eventCode = inputs.eventCode.value.trim();
      if (inputs.dailyCap.value) occasion.dailyCapPerMember = Number(inputs.dailyCap.value);
    }
    return { occasion };
  };
  const key = formKey();
  return element("form", { class: "card action inline", id: "new-rule", on: { submit: submitting(message, async () => {
    const answer = (await api.run("PortalCreateEarnRule", { input: { ...input(), idempotencyKey: key.current() } })).createEarnRule;
    key.answered();
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("rule.new")),
    field("rule-kind", "rule.kind", kind),
    ...Object.values(fields),
    message, element("button", { type: "submit", class: "primary" }, t("settings.add")));
}

function campaignsTable(viewer, campaigns, rerender, report) {
  const locale = currentLocale();
  const zone = viewer.viewer.tenant.timeZone;
  if (!campaigns.length) return element("p", { class: "state empty" }, t("campaign.none"));
  return element("table", { class: "list", id: "campaigns" },
    element("thead", {}, element("tr", {}, ...["rule.name", "campaign.offer", "campaign.window", "rule.awarded", "members.status", "settings.action"].map((key) => heading(key, key === "rule.awarded")))),
    element("tbody", {}, ...campaigns.map((campaign) => element("tr", { "data-campaign": campaign.name },
      element("td", {}, campaign.name),
      element("td", {}, campaign.kind === "MULTIPLIER" ? t("campaign.times", { multiplier: campaign.multiplier }) : t("campaign.plus", { points: points(campaign.bonusPoints, locale) })),
      element("td", {}, `${dateTime(campaign.startsAt, zone)} – ${dateTime(campaign.endsAt, zone)}`),
      element("td", { class: "number" }, points(campaign.awardedPoints, locale)),
      element("td", {}, element("span", { class: `badge ${campaign.status === "ACTIVE" ? "active" : "suspended"}` }, t(`earnStatus.${campaign.status}`))),
      element("td", {}, campaign.status === "ACTIVE" && roleAtLeast(viewer, "ADMIN")
        ? actionButton(t("campaign.end"), async () => (await api.run("PortalEndCampaign", { input: { campaignId: campaign.id } })).endCampaign, { report, rerender })
        : "–")))));
}

function newCampaignForm(tiers, rerender) {
  const name = element("input", { id: "campaign-name", required: true, maxlength: "100" });
  const kind = element("select", { id: "campaign-kind" }, ...["MULTIPLIER", "BONUS"].map((each) => element("option", { value: each }, t(`campaignKind.${each}`))));
  const multiplier = element("input", { id: "campaign-multiplier", value: "2", inputmode: "decimal" });
  const bonus = numberInput("campaign-bonus", "100", "1");
  const starts = element("input", { id: "campaign-starts", type: "datetime-local", required: true });
  const ends = element("input", { id: "campaign-ends", type: "datetime-local", required: true });
  const boxes = tiers.map((tier) => element("label", { class: "check" }, element("input", { type: "checkbox", value: tier.id }), tier.name));
  const multiplierField = field("campaign-multiplier", "campaign.multiplier", multiplier);
  const bonusField = field("campaign-bonus", "campaign.bonus", bonus);
  const layout = () => { multiplierField.hidden = kind.value !== "MULTIPLIER"; bonusField.hidden = kind.value !== "BONUS"; };
  kind.addEventListener("change", layout);
  layout();
  const message = element("p", { class: "error", role: "alert" });
  const key = formKey();
  return element("form", { class: "card action inline", id: "new-campaign", on: { submit: submitting(message, async () => {
    const campaign = {
      name: name.value.trim(), kind: kind.value, startsAt: isoFromLocal(starts.value), endsAt: isoFromLocal(ends.value),
      tierIds: boxes.map((box) => box.firstChild).filter((box) => box.checked).map((box) => box.value),
    };
    if (kind.value === "MULTIPLIER") campaign.multiplier = multiplier.value.trim();
    else campaign.bonusPoints = Number(bonus.value);
    const answer = (await api.run("PortalCreateCampaign", { input: { campaign, idempotencyKey: key.current() } })).createCampaign;
    key.answered();
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("campaign.new")),
    field("campaign-name", "rule.name", name), field("campaign-kind", "rule.kind", kind),
    multiplierField, bonusField,
    field("campaign-starts", "campaign.starts", starts), field("campaign-ends", "campaign.ends", ends),
    boxes.length ? element("fieldset", { class: "checks" }, element("legend", {}, t("campaign.tiers")), ...boxes) : null,
    message, element("button", { type: "submit", class: "primary" }, t("settings.add")));
}

async function earningTab(viewer, rerender) {
  const data = await api.run("PortalEarnRules");
  const message = element("p", { class: "error", role: "alert" });
  const report = (userError) => { message.textContent = refusal(userError); };
  const admin = roleAtLeast(viewer, "ADMIN");
  return [
    message,
    element("section", { class: "card" }, element("h2", {}, t("rule.title")), rulesTable(viewer, data.earnRules, rerender, report)),
    admin ? newRuleForm(viewer, rerender) : null,
    element("section", { class: "card" }, element("h2", {}, t("campaign.title")), campaignsTable(viewer, data.campaigns, rerender, report)),
    admin ? newCampaignForm(data.tiers, rerender) : null,
  ];
}

const TAB_SCREENS = { earning: earningTab, tiers: tiersTab, policy: policyTab, games: gamesTab };

export async function programmeScreen(viewer, tab, params, rerender) {
  document.title = t("programme.title");
  const active = TABS.includes(tab) ? tab : "earning";
  const tabs = element("nav", { class: "tabs" }, ...TABS.map((name) =>
    element("a", { href: `#programme/${name}`, class: name === active ? "active" : "" }, t(`programme.tab.${name}`))));
  let content;
  try {
    content = await TAB_SCREENS[active](viewer, rerender, params);
  } catch (error) {
    content = [failed(error)];
  }
  return element("div", {}, element("h1", {}, t("programme.title")), tabs, ...content);
}
