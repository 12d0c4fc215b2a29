// The merchant tab: its name, the points' name, locale, time zone and the member mall's
// branding (logo, colours), changed by the owner in one form (the API checks every field before
// it changes any); other roles read them.

import * as api from "./api.js";
import { t } from "./i18n.js";
import { element, field, roleAtLeast, submitting } from "./ui.js";

const LOCALES = ["zh-CN", "en-US"];

export async function merchantTab(viewer) {
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
  return [form];
}
