// Settings' webhooks tab (endpoints, their signing secret shown once, the delivery log with
// replay) and exports tab (CSV files over the portal's own session).

import * as api from "./api.js";
import { formKey } from "../shared/keys.js";
import { t } from "./i18n.js";
import { actionButton, dateTime, element, heading, refusal, submitting } from "./ui.js";

const EVENTS = ["points.earned", "points.deducted", "points.expired", "points.expiring", "order.created", "order.status_changed", "points_payment.authorized", "points_payment.captured", "points_payment.voided", "points_payment.expired", "points_payment.refunded", "tier.changed", "achievement.unlocked", "exchange.completed", "settlement.batch_approved", "bulk_job.completed", "webhook_endpoint.disabled"];

function endpointsTable(endpoints, rerender, report) {
  return element("table", { class: "list", id: "endpoints" },
    element("thead", {}, element("tr", {}, ...["settings.url", "settings.events", "settings.state", "settings.action"].map((key) => heading(key)))),
    element("tbody", {}, ...endpoints.map((endpoint) => element("tr", { "data-url": endpoint.url },
      element("td", {}, element("code", {}, endpoint.url), endpoint.description ? element("span", { class: "code" }, endpoint.description) : null),
      element("td", {}, endpoint.eventTypes.length ? endpoint.eventTypes.join(", ") : t("settings.allEvents")),
      element("td", {}, element("span", { class: `badge ${endpoint.status === "ACTIVE" && endpoint.enabled ? "active" : "suspended"}` },
        t(endpoint.enabled ? `endpointStatus.${endpoint.status}` : "settings.paused"))),
      element("td", {}, actionButton(t("settings.delete"), async () => (await api.run("PortalDeleteWebhook", { input: { endpointId: endpoint.id } })).deleteWebhookEndpoint, { report, rerender }))))));
}

function newEndpointForm(rerender) {
  const url = element("input", { id: "webhook-url", type: "url", required: true, placeholder: "https://example.com/pointsmall" });
  const description = element("input", { id: "webhook-description", maxlength: "200" });
  const boxes = EVENTS.map((event) => element("label", { class: "check" }, element("input", { type: "checkbox", value: event }), event));
  const message = element("p", { class: "error", role: "alert" });
  const key = formKey();
  return element("form", { class: "card action inline", id: "new-webhook", on: { submit: submitting(message, async () => {
    const eventTypes = boxes.map((box) => box.firstChild).filter((box) => box.checked).map((box) => box.value);
    const input = { url: url.value.trim(), description: description.value.trim(), eventTypes };
    const answer = (await api.run("PortalCreateWebhook", { input, key: key.current() })).createWebhookEndpoint;
    key.answered();
    if (!answer.userErrors.length) await rerender({ secret: answer.secret, titleKey: "settings.webhookSecret" });
    return answer.userErrors[0];
  }) } },
    element("h2", {}, t("settings.newWebhook")),
    element("label", { for: "webhook-url" }, t("settings.url")), url,
    element("label", { for: "webhook-description" }, t("settings.description")), description,
    element("fieldset", { class: "checks" }, element("legend", {}, t("settings.eventsLead")), ...boxes),
    message, element("button", { type: "submit", class: "primary" }, t("settings.add")));
}

function deliveriesTable(viewer, deliveries, urls, rerender, report) {
  const zone = viewer.viewer.tenant.timeZone;
  return element("table", { class: "list", id: "deliveries" },
    element("thead", {}, element("tr", {}, ...["member.when", "settings.url", "settings.state", "settings.attempts", "settings.lastAnswer", "settings.action"].map((key) => heading(key, key === "settings.attempts")))),
    element("tbody", {}, ...deliveries.map((delivery) => element("tr", {},
      element("td", {}, dateTime(delivery.createdAt, zone)),
      element("td", {}, element("code", {}, urls.get(delivery.endpointId) || "–")),
      element("td", {}, t(`deliveryStatus.${delivery.status}`)),
      element("td", { class: "number" }, String(delivery.attempts)),
      element("td", {}, delivery.lastStatusCode ? `HTTP ${delivery.lastStatusCode}` : (delivery.lastError || "–")),
      element("td", {}, delivery.status === "DEAD" || delivery.status === "SUCCEEDED"
        ? actionButton(t("settings.replay"), async () => (await api.run("PortalReplayDelivery", { input: { deliveryId: delivery.id } })).replayWebhookDelivery, { report, rerender })
        : "–")))));
}

export async function webhooksTab(viewer, rerender, secret) {
  const data = await api.run("PortalWebhooks", { status: null });
  const message = element("p", { class: "error", role: "alert" });
  const report = (userError) => { message.textContent = refusal(userError); };
  const urls = new Map(data.webhookEndpoints.map((endpoint) => [endpoint.id, endpoint.url]));
  return [
    secret,
    element("section", { class: "card" }, element("h2", {}, t("settings.webhooks")),
      element("p", { class: "subtle" }, t("settings.webhooksLead")), message,
      data.webhookEndpoints.length ? endpointsTable(data.webhookEndpoints, rerender, report) : element("p", { class: "state empty" }, t("settings.noWebhooks"))),
    newEndpointForm(rerender),
    element("section", { class: "card" }, element("h2", {}, t("settings.deliveries")),
      data.webhookDeliveries.nodes.length
        ? deliveriesTable(viewer, data.webhookDeliveries.nodes, urls, rerender, report)
        : element("p", { class: "state empty" }, t("settings.noDeliveries"))),
  ];
}

export async function exportsTab() {
  return [element("section", { class: "card", id: "exports" },
    element("h2", {}, t("settings.exports")),
    element("p", { class: "subtle" }, t("settings.exportsLead")),
    element("ul", { class: "downloads" }, ...["members", "ledger", "orders"].map((kind) =>
      element("li", {}, element("a", { href: `/portal/exports/${kind}.csv`, download: "", id: `export-${kind}` }, t(`settings.export.${kind}`))))))];
}
