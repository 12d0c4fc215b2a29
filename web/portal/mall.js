// The mall screen: the rewards in the merchant's mall (and a form for a new one), and the orders
// with the next steps each status allows (fulfil, complete, cancel, refund).

import * as api from "./api.js";
import { formKey } from "../shared/keys.js";
import { points } from "../shared/format.js";
import { currentLocale, t } from "./i18n.js";
import { actionButton, dateTime, element, failed, heading, refusal, roleAtLeast } from "./ui.js";

const STATUSES = ["", "CONFIRMED", "SHIPPED", "DELIVERED", "FULFILLED", "COMPLETED", "CANCELLED", "REFUNDED", "PENDING_PAYMENT"];
// What a member-facing order may do next, as the API's transitions allow.
const STEPS = {
  CONFIRMED: [["PortalFulfillOrder", "fulfillOrder", "mall.fulfill"], ["PortalCancelOrder", "cancelOrder", "mall.cancel"], ["PortalRefundOrder", "refundOrder", "mall.refund"]],
  SHIPPED: [["PortalMarkDelivered", "markDelivered", "mall.delivered"], ["PortalRefundOrder", "refundOrder", "mall.refund"]],
  FULFILLED: [["PortalCompleteOrder", "completeOrder", "mall.complete"], ["PortalRefundOrder", "refundOrder", "mall.refund"]],
  DELIVERED: [["PortalCompleteOrder", "completeOrder", "mall.complete"], ["PortalRefundOrder", "refundOrder", "mall.refund"]],
};

const NUMERIC = new Set(["signup.rewardPrice", "mall.stock", "mall.points"]);

function newRewardForm(rerender) {
  const name = element("input", { id: "new-reward-name", required: true, maxlength: "200" });
  const price = element("input", { id: "new-reward-price", type: "number", min: "1", step: "1", required: true });
  const stock = element("input", { id: "new-reward-stock", type: "number", min: "0", step: "1", value: "100", required: true });
  const type = element("select", { id: "new-reward-type" },
    ...["SERVICE", "COUPON", "PHYSICAL"].map((value) => element("option", { value }, t(`rewardType.${value}`))));
  const message = element("p", { class: "error", role: "alert" });
  const key = formKey();
  return element("form", { class: "card action inline", id: "new-reward", on: { submit: async (event) => {
    event.preventDefault();
    message.textContent = "";
    const input = { name: name.value.trim(), type: type.value, pricePoints: Number(price.value), stock: Number(stock.value) };
    try {
      const answer = (await api.run("PortalCreateReward", { input, key: key.current() })).createReward;
      key.answered();
      if (answer.userErrors.length) message.textContent = refusal(answer.userErrors[0]);
      else await rerender();
    } catch (error) {
      message.textContent = t("state.error", { message: error.message });
    }
  } } },
    element("h2", {}, t("mall.newReward")),
    element("label", { for: "new-reward-name" }, t("signup.rewardName")), name,
    element("label", { for: "new-reward-type" }, t("mall.type")), type,
    element("label", { for: "new-reward-price" }, t("signup.rewardPrice")), price,
    element("label", { for: "new-reward-stock" }, t("signup.rewardStock")), stock,
    message, element("button", { type: "submit", class: "primary" }, t("members.create")));
}

function shipForm(order, rerender, report) {
  // Goods to an address leave with a carrier (and a tracking number) instead of "fulfil".
  const carrier = element("input", { class: "carrier", required: true, maxlength: "100", "aria-label": t("mall.carrier"), placeholder: t("mall.carrier") });
  const tracking = element("input", { class: "tracking", required: true, maxlength: "100", "aria-label": t("mall.trackingNumber"), placeholder: t("mall.trackingNumber") });
  return element("form", { class: "pay ship", on: { submit: async (event) => {
    event.preventDefault();
    const input = { orderId: order.id, carrier: carrier.value.trim(), trackingNumber: tracking.value.trim() };
    const answer = (await api.run("PortalMarkShipped", { input })).markShipped;
    if (answer.userErrors.length) report(refusal(answer.userErrors[0]));
    else await rerender();
  } } }, carrier, tracking, element("button", { type: "submit", class: "secondary small" }, t("mall.ship")));
}

function stepButtons(viewer, order, rerender, report) {
  if (!roleAtLeast(viewer, "STAFF")) return null;
  const steps = (STEPS[order.status] || []).filter(([, field]) => !(order.shippingAddress && field === "fulfillOrder"));
  const ship = order.status === "CONFIRMED" && order.shippingAddress ? shipForm(order, rerender, report) : null;
  return element("span", { class: "steps-cell" }, ship, ...steps.map(([operation, field, label]) =>
    actionButton(t(label), async () => (await api.run(operation, { input: { orderId: order.id } }))[field],
      { report: (userError) => report(refusal(userError)), rerender, attributes: { "data-step": field } })));
}

export async function mallScreen(viewer, status, rerender) {
  document.title = t("mall.title");
  const locale = currentLocale();
  const zone = viewer.viewer.tenant.timeZone;
  let data;
  try {
    data = await api.run("PortalMall", { status: status || null });
  } catch (error) {
    return failed(error);
  }
  const message = element("p", { class: "error", role: "alert" });
  const rewards = data.rewards.nodes.length
    ? element("table", { class: "list", id: "rewards" },
      element("thead", {}, element("tr", {}, ...["signup.rewardName", "mall.type", "signup.rewardPrice", "mall.stock", "members.status"].map((key) => heading(key, NUMERIC.has(key))))),
      element("tbody", {}, ...data.rewards.nodes.map((reward) => element("tr", {},
        element("td", {}, element("a", { href: `#reward/${reward.id}` }, reward.name)), element("td", {}, t(`rewardType.${reward.type}`)),
        element("td", { class: "number" }, points(reward.pricePoints, locale)),
        element("td", { class: "number" }, points(reward.stockAvailable, locale)),
        element("td", {}, t(`rewardStatus.${reward.status}`))))))
    : element("p", { class: "state empty" }, t("mall.noRewards"));
  const filter = element("select", { id: "order-status", "aria-label": t("members.status"), on: { change: (event) => {
    window.location.hash = event.target.value ? `#mall?status=${event.target.value}` : "#mall";
  } } }, ...STATUSES.map((value) => element("option", { value, selected: value === (status || "") }, value ? t(`orderStatus.${value}`) : t("mall.allOrders"))));
  const orders = data.orders.nodes.length
    ? element("table", { class: "list", id: "orders" },
      element("thead", {}, element("tr", {}, ...["member.when", "signup.rewardName", "mall.member", "mall.points", "members.status", "mall.next"].map((key) => heading(key, NUMERIC.has(key))))),
      element("tbody", {}, ...data.orders.nodes.slice().reverse().map((order) => element("tr", { "data-order": order.id },
        element("td", {}, dateTime(order.createdAt, zone)),
        element("td", {}, order.rewardName || "–", ...order.couponCodes.map((code) => element("code", { class: "code" }, code)),
          order.shippingAddress ? element("span", { class: "code" }, Object.values(order.shippingAddress).join(" ")) : null,
          order.tracking ? element("span", { class: "code" }, Object.values(order.tracking).join(" ")) : null),
        element("td", {}, element("a", { href: `#members/${order.memberId}` }, t("mall.open"))),
        element("td", { class: "number" }, points(order.points, locale)),
        element("td", { class: "status" }, t(`orderStatus.${order.status}`)),
        element("td", {}, stepButtons(viewer, order, rerender, (text) => { message.textContent = text; }))))))
    : element("p", { class: "state empty" }, t("mall.noOrders"));
  return element("div", {},
    element("h1", {}, t("mall.title")),
    roleAtLeast(viewer, "ADMIN") ? newRewardForm(rerender) : null,
    element("section", { class: "card" }, element("h2", {}, t("mall.rewards")), rewards),
    element("section", { class: "card" }, element("h2", {}, t("mall.orders")), filter, message, orders));
}
