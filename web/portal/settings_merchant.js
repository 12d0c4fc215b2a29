// The merchant tab: its name, the points' name, locale, time zone and the member mall's
// branding (logo, colours), changed by the owner in one form (the API checks every field before
// it changes any); and the point's value over time, changed from a time on (points already
// issued keep theirs). Other roles read them.

import * as api from "./api.js";
import { t } from "./i18n.js";
import { actionButton, dateTime, element, field, heading, numberInput, refusal, roleAtLeast, submitting } from "./ui.js";

const EPOCH = "1970-01-01T00:00:00+00:00";

function valueState(value) {
  if (value.inForce) return element("span", { class: "badge active" }, t("merchant.valueInForce"));
  return element("span", { class: value.scheduled ? "badge draft" : "badge" }, t(value.scheduled ? "merchant.valueScheduled" : "merchant.valueEarlier"));
}

function pointValueCard(viewer, currency, owner, rerender) {
  const zone = viewer.viewer.tenant.timeZone;
  const message = element("p", { class: "error", role: "alert" });
  const report = (userError) => { message.textContent = refusal(userError); };
  const rows = currency.pointValues.map((value) => element("tr", { "data-points": String(value.pointsPerFiatUnit) },
    element("td", {}, Date.parse(value.effectiveFrom) === Date.parse(EPOCH) ? t("merchant.valueSinceStart") : dateTime(value.effectiveFrom, zone)),
    element("td", { class: "number" }, t("merchant.valueRate", { points: value.pointsPerFiatUnit, fiat: currency.fiatCurrency })),
    element("td", {}, valueState(value)),
    element("td", {}, owner && value.scheduled
      ? actionButton(t("merchant.valueCancel"), async () => (await api.run("PortalCancelPointValue", { effectiveFrom: value.effectiveFrom })).cancelPointValue, { report, rerender })
      : "–")));
  const points = numberInput("value-points", "", "1");
  const from = element("input", { id: "value-from", type: "datetime-local" });
  const form = owner ? element("form", { class: "action inline", id: "value-form", on: { submit: submitting(message, async () => {
    const input = { pointsPerFiatUnit: Number(points.value) };
    if (from.value) input.effectiveFrom = new Date(from.value).toISOString();
    const answer = (await api.run("PortalSchedulePointValue", { input })).schedulePointValue;
    if (!answer.userErrors.length) await rerender();
    return answer.userErrors[0];
  }) } },
    field("value-points", "merchant.valuePoints", points),
    field("value-from", "merchant.valueFrom", from),
    element("button", { type: "submit", class: "primary" }, t("merchant.valueSchedule"))) : null;
  return element("section", { class: "card", id: "point-value" },
    element("h2", {}, t("merchant.valueTitle")),
    element("p", { class: "subtle" }, t("merchant.valueLead")),
    element("table", { class: "list", id: "point-values" },
      element("thead", {}, element("tr", {}, ...["merchant.valueSince", "merchant.valueWorth", "settings.state", "settings.action"].map((key) => heading(key, key === "merchant.valueWorth")))),
      element("tbody", {}, ...rows)),
    message, form);
}

const LOCALES = ["zh-CN", "en-US"];

export async function merchantTab(viewer, rerender) {
  const tenant = (await api.run("PortalMerchant")).tenant;
  const owner = roleAtLeast(viewer, "OWNER");
  const input = (id, value, attributes = {}) => element("input", { id, value: value || "", disabled: !owner, ...attributes });
  const name = input("merchant-name", tenant.name, { required: true, maxlength: "200" });
  const points = input("merchant-points", tenant.currency.name, { required: true, maxlength: "100" });
  const locale = element("select", { id: "merchant-locale", disabled: !owner },
    ...LOCALES.map((each) => element("option", { value: each, selected: each === tenant.locale }, t(`merchant.locale.${each}`))));
  const zone = input("merchant-zone", tenant.timeZone, { required: true });
  const logo = input("merchant-logo", tenant.branding.logoUrl, { type: "url", placeholder: "https://" });
  const primary = input("merchant-primary", tenant.branding.primaryColor || "#c2410c", { type: "color" });
  const accent = input("merchant-accent", tenant.branding.accentColor || "#9a3412", { type: "color" });
  const message = element("p", { class: "error", role: "alert" });
  const form = element("form", { class: "card", id: "merchant-form", on: { submit: submitting(message, async () => {
    const changes = {
      name: name.value, currencyName: points.value, locale: locale.value, timeZone: zone.value,
      logoUrl: logo.value, primaryColor: primary.value, accentColor: accent.value,
    };
    const answer = (await api.run("PortalUpdateTenant", { input: changes })).updateTenant;
    // The frame shows the merchant's name from the session's start: start again to show it.
    if (!answer.userErrors.length) window.location.reload();
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("merchant.title")),
    owner ? null : element("p", { class: "subtle" }, t("merchant.ownerOnly")),
    field("merchant-name", "merchant.name", name),
    field("merchant-points", "merchant.points", points),
    field("merchant-locale", "merchant.locale", locale),
    field("merchant-zone", "merchant.timeZone", zone),
    field("merchant-logo", "merchant.logo", logo),
    field("merchant-primary", "merchant.primary", primary),
    field("merchant-accent", "merchant.accent", accent),
    message,
    owner ? element("button", { type: "submit", class: "primary" }, t("merchant.save")) : null);
  return [form, pointValueCard(viewer, tenant.currency, owner, rerender)];
}
