// Members: a searchable list, and a member's page with the wallet, what expires soon, the tier,
// the latest movements, and the actions the caller's role allows (the server checks them too).

import * as api from "./api.js";
import { points } from "../shared/format.js";
import { formKey } from "../shared/keys.js";
import { currentLocale, t } from "./i18n.js";
import { dateTime, element, failed, heading, refusal, roleAtLeast } from "./ui.js";

const NUMERIC = new Set(["members.available", "member.change", "member.balance"]);

export async function membersScreen(viewer, search = "") {
  document.title = t("members.title");
  const locale = currentLocale();
  const box = element("input", { type: "search", id: "member-search", value: search, "aria-label": t("members.search"), placeholder: t("members.search") });
  const form = element("form", { class: "search", on: { submit: (event) => {
    event.preventDefault();
    window.location.hash = `#members?search=${encodeURIComponent(box.value.trim())}`;
  } } }, box, element("button", { type: "submit", class: "primary" }, t("members.find")));
  let page;
  try {
    page = (await api.run("PortalMembers", { search: search || null })).members;
  } catch (error) {
    return element("div", {}, element("h1", {}, t("members.title")), form, failed(error));
  }
  const rows = page.nodes.map((member) => element("tr", {},
    element("td", {}, element("a", { href: `#members/${member.id}` }, member.displayName || member.externalId)),
    element("td", {}, member.externalId),
    element("td", {}, member.phone || "–"),
    element("td", {}, member.tier.tier.name),
    element("td", { class: "number" }, points(member.wallet.available, locale)),
    element("td", {}, t(`status.${member.status}`)),
  ));
  const table = rows.length
    ? element("table", { class: "list" },
      element("thead", {}, element("tr", {}, ...["members.name", "members.externalId", "members.phone", "members.tier", "members.available", "members.status"].map((key) => heading(key, NUMERIC.has(key))))),
      element("tbody", {}, ...rows))
    : element("p", { class: "state empty" }, t(search ? "members.noMatch" : "members.none"));
  const bulk = roleAtLeast(viewer, "ADMIN")
    ? element("p", {}, element("a", { href: "#bulk", id: "bulk-link" }, t("members.bulk")))
    : null;
  return element("div", {}, element("h1", {}, t("members.title")), form, bulk,
    roleAtLeast(viewer, "STAFF") ? newMemberForm() : null,
    element("section", { class: "card" }, table));
}

function newMemberForm() {
  const externalId = element("input", { id: "new-external-id", required: true, maxlength: "128" });
  const name = element("input", { id: "new-name", maxlength: "200" });
  const message = element("p", { class: "error", role: "alert" });
  return element("form", { class: "card action inline", id: "new-member", on: { submit: async (event) => {
    event.preventDefault();
    message.textContent = "";
    const input = { externalId: externalId.value.trim(), displayName: name.value.trim() || null };
    try {
      const answer = (await api.run("PortalUpsertMember", { input })).upsertMember;
      if (answer.userErrors.length) message.textContent = refusal(answer.userErrors[0]);
      else window.location.hash = `#members/${answer.member.id}`;
    } catch (error) {
      message.textContent = t("state.error", { message: error.message });
    }
  } } },
    element("h2", {}, t("members.new")),
    element("label", { for: "new-external-id" }, t("members.newExternalId")), externalId,
    element("label", { for: "new-name" }, t("members.newName")), name,
    message, element("button", { type: "submit", class: "primary" }, t("members.create")));
}

function pointsForm(viewer, member, kind, onDone) {
  // One idempotency key per form: a double click, or a retry after a lost answer, moves once.
  const key = formKey();
  const amount = element("input", { type: "number", min: "1", step: "1", required: true, id: `${kind}-amount` });
  const reason = element("input", { type: "text", required: true, maxlength: "200", id: `${kind}-reason` });
  const message = element("p", { class: "error", role: "alert" });
  const button = element("button", { type: "submit", class: kind === "award" ? "primary" : "secondary" }, t(`member.${kind}`));
  const form = element("form", { class: "card action", id: `${kind}-form`, on: { submit: async (event) => {
    event.preventDefault();
    button.disabled = true;
    message.textContent = "";
    const operation = kind === "award" ? "PortalAwardPoints" : "PortalDeductPoints";
    const field = kind === "award" ? "awardPoints" : "deductPoints";
    try {
      const input = { memberId: member.id, amount: Number(amount.value), reason: reason.value, idempotencyKey: key.current() };
      const answer = (await api.run(operation, { input }))[field];
      key.answered();
      if (answer.userErrors.length) {
        message.textContent = refusal(answer.userErrors[0]);
      } else {
        await onDone();
        return;
      }
    } catch (error) {
      message.textContent = t("state.error", { message: error.message });
    }
    button.disabled = false;
  } } },
    element("h2", {}, t(`member.${kind}Title`)),
    element("label", { for: `${kind}-amount` }, t("member.amount")), amount,
    element("label", { for: `${kind}-reason` }, t("member.reason")), reason,
    message, button);
  return form;
}

const HISTORY_CODES = ["AWARD", "DEDUCT", "PURCHASE", "REDEMPTION", "EXPIRE"];

function historyFilter(member, code) {
  return element("select", { id: "history-code", "aria-label": t("member.code"), on: { change: (event) => {
    window.location.hash = event.target.value ? `#members/${member.id}?code=${event.target.value}` : `#members/${member.id}`;
  } } }, element("option", { value: "" }, t("member.allEntries")),
  ...HISTORY_CODES.map((each) => element("option", { value: each, selected: each === code }, t(`entry.${each}`))));
}

function lotsTable(lots, zone, locale) {
  if (!lots.length) return element("p", { class: "state empty" }, t("member.noLots"));
  return element("table", { class: "list", id: "lots" },
    element("thead", {}, element("tr", {}, ...["member.earnedAt", "member.expiresAt", "member.lotAmount", "member.lotRemaining"].map((key) => heading(key, key.startsWith("member.lot"))))),
    element("tbody", {}, ...lots.map((lot) => element("tr", {},
      element("td", {}, dateTime(lot.earnedAt, zone)),
      element("td", {}, lot.expiresAt ? dateTime(lot.expiresAt, zone) : t("member.never")),
      element("td", { class: "number" }, points(lot.amount, locale)),
      element("td", { class: "number" }, points(lot.remaining, locale))))));
}

function ordersTable(orders, zone, locale) {
  if (!orders.length) return element("p", { class: "state empty" }, t("mall.noOrders"));
  return element("table", { class: "list", id: "member-orders" },
    element("thead", {}, element("tr", {}, ...["member.when", "signup.rewardName", "mall.points", "members.status"].map((key) => heading(key, key === "mall.points")))),
    element("tbody", {}, ...orders.slice().reverse().map((order) => element("tr", {},
      element("td", {}, dateTime(order.createdAt, zone)),
      element("td", {}, order.rewardName || "–", ...order.couponCodes.map((code) => element("code", { class: "code" }, code))),
      element("td", { class: "number" }, points(order.points, locale)),
      element("td", {}, t(`orderStatus.${order.status}`))))));
}

export async function memberScreen(viewer, id, params, rerender) {
  const locale = currentLocale();
  const zone = viewer.viewer.tenant.timeZone;
  const code = HISTORY_CODES.includes(params.get("code")) ? params.get("code") : "";
  let member;
  let orders;
  try {
    const data = await api.run("PortalMember", { id, codes: code ? [code] : null });
    member = data.member;
    orders = data.orders.nodes;
  } catch (error) {
    return failed(error);
  }
  if (!member) return element("p", { class: "state empty" }, t("member.notFound"));
  document.title = member.displayName || member.externalId;
  const wallet = member.wallet;
  const tier = member.tier;
  const history = member.history.nodes.length
    ? element("table", { class: "list" },
      element("thead", {}, element("tr", {}, ...["member.when", "member.code", "member.reasonColumn", "member.change", "member.balance"].map((key) => heading(key, NUMERIC.has(key))))),
      element("tbody", {}, ...member.history.nodes.map((entry) => element("tr", {},
        element("td", {}, dateTime(entry.createdAt, zone)),
        element("td", {}, t(`entry.${entry.code}`) === `entry.${entry.code}` ? entry.code : t(`entry.${entry.code}`)),
        element("td", {}, entry.reason),
        element("td", { class: `number ${entry.change < 0 ? "out" : "in"}` }, (entry.change > 0 ? "+" : "") + points(entry.change, locale)),
        element("td", { class: "number" }, entry.balanceAfter === null ? "–" : points(entry.balanceAfter, locale)),
      ))))
    : element("p", { class: "state empty" }, t("member.noHistory"));
  const expiring = member.expiringPoints.reduce((sum, lot) => sum + lot.points, 0);
  const actions = [];
  if (roleAtLeast(viewer, "ADMIN")) {
    actions.push(pointsForm(viewer, member, "award", rerender), pointsForm(viewer, member, "deduct", rerender));
  }
  if (roleAtLeast(viewer, "STAFF")) {
    const blocked = member.status === "BLOCKED";
    actions.push(element("section", { class: "card action" },
      element("h2", {}, t("member.status")),
      element("p", {}, t(`status.${member.status}`)),
      element("button", { type: "button", class: "secondary", id: "toggle-block", on: { click: async () => {
        const operation = blocked ? "PortalUnblockMember" : "PortalBlockMember";
        await api.run(operation, { input: { memberId: member.id } });
        await rerender();
      } } }, t(blocked ? "member.unblock" : "member.block")),
      element("button", { type: "button", class: "secondary", id: "open-mall", on: { click: async () => {
        const answer = (await api.run("PortalIssueMemberToken", { input: { memberId: member.id, ttlSeconds: 3600 } })).issueMemberToken;
        if (answer.token) window.open(`/mall/${viewer.viewer.tenant.slug}#token=${encodeURIComponent(answer.token)}`, "_blank", "noopener");
      } } }, t("member.openMall"))));
  }
  return element("div", { class: "member" },
    element("p", {}, element("a", { href: "#members" }, `← ${t("members.title")}`)),
    element("h1", {}, member.displayName || member.externalId),
    element("p", { class: "subtle" }, [member.externalId, member.phone, member.email].filter(Boolean).join(" · ")),
    element("div", { class: "tiles" },
      element("section", { class: "tile", id: "wallet" }, element("h3", {}, t("member.available")),
        element("p", { class: "value" }, `${points(wallet.available, locale)} ${wallet.currency}`),
        element("p", { class: "detail" }, t("member.posted", { posted: points(wallet.posted, locale), held: points(wallet.pendingDebit, locale) }))),
      element("section", { class: "tile" }, element("h3", {}, t("member.expiring")),
        element("p", { class: "value" }, points(expiring, locale))),
      element("section", { class: "tile" }, element("h3", {}, t("member.tier")),
        element("p", { class: "value" }, tier.tier.name),
        element("p", { class: "detail" }, tier.nextTier ? t("member.toNext", { needed: points(tier.needed, locale), next: tier.nextTier.name }) : "")),
    ),
    actions.length ? element("div", { class: "actions" }, ...actions) : null,
    element("section", { class: "card" }, element("h2", {}, t("member.history")), historyFilter(member, code), history),
    element("section", { class: "card" }, element("h2", {}, t("member.lots")), lotsTable(member.lots.nodes, zone, locale)),
    element("section", { class: "card" }, element("h2", {}, t("mall.orders")), ordersTable(orders, zone, locale)),
  );
}
