// The member mall (积分商城): phone width first. It runs on a member token the merchant's app
// hands over in the address's fragment (/mall/<slug>#token=...), which never reaches a server
// log; the page keeps it in sessionStorage and sends it as a bearer token to /graphql.

import { element as el } from "../../shared/dom.js";
import { points } from "../../shared/format.js";
import { formKey } from "../../shared/keys.js";

const MESSAGES = {
  "zh-CN": {
    title: "积分商城", available: "可用积分", expiring: "{points} 积分将在 30 天内过期",
    checkIn: "每日签到", checkedIn: "签到成功，获得 {points} 积分，已连续 {streak} 天",
    rewards: "兑换好礼", redeem: "立即兑换", orders: "我的订单", noOrders: "还没有订单。",
    noRewards: "商城暂时没有奖品。", redeemed: "兑换成功！", stock: "剩余 {stock}",
    needToken: "请从商户的 App 打开积分商城。", otherShop: "这个链接属于另一家商户。",
    language: "English", error: "出错了：{message}",
    "status.CONFIRMED": "已确认", "status.PENDING_PAYMENT": "待付款", "status.FULFILLED": "已发放",
    "status.SHIPPED": "已发货", "status.DELIVERED": "已送达", "status.COMPLETED": "已完成",
    "status.CANCELLED": "已取消", "status.REFUNDED": "已退款",
    "blocker.INSUFFICIENT_POINTS": "积分不足", "blocker.OUT_OF_STOCK": "已兑完",
    "blocker.TIER_REQUIRED": "会员等级不够", "blocker.LIMIT_REACHED": "已达兑换上限",
    "blocker.NOT_STARTED": "尚未开始", "blocker.ENDED": "已结束",
    "code.ALREADY_EARNED": "今天已经签到过了。", "code.RULE_NOT_FOUND": "商户还没有开通签到。",
    "code.INSUFFICIENT_POINTS": "积分不足。", "code.OUT_OF_STOCK": "已兑完。",
    "code.LIMIT_REACHED": "今天的次数已用完。", "code.SHIPPING_ADDRESS_REQUIRED": "请填写收货地址。",
    address: "收货信息", recipient: "收货人", phone: "手机号", street: "详细地址", confirm: "确认兑换",
    games: "积分抽奖", draw: "抽一次 · {points} {currency}", won: "恭喜！获得 {prize}", lost: "{prize}，下次好运！",
    perDay: "每天 {limit} 次", leaderboard: "本周积分榜", noBoard: "本周还没有人上榜。", you: "我",
  },
  en: {
    title: "Points mall", available: "Points available", expiring: "{points} points expire within 30 days",
    checkIn: "Daily check-in", checkedIn: "Checked in: {points} points, {streak} days in a row",
    rewards: "Rewards", redeem: "Redeem", orders: "My orders", noOrders: "No orders yet.",
    noRewards: "No rewards in the mall yet.", redeemed: "Redeemed!", stock: "{stock} left",
    needToken: "Open the points mall from the merchant's app.", otherShop: "This link belongs to another shop.",
    language: "中文", error: "Something went wrong: {message}",
    "status.CONFIRMED": "Confirmed", "status.PENDING_PAYMENT": "Awaiting payment", "status.FULFILLED": "Fulfilled",
    "status.SHIPPED": "Shipped", "status.DELIVERED": "Delivered", "status.COMPLETED": "Completed",
    "status.CANCELLED": "Cancelled", "status.REFUNDED": "Refunded",
    "blocker.INSUFFICIENT_POINTS": "Not enough points", "blocker.OUT_OF_STOCK": "Sold out",
    "blocker.TIER_REQUIRED": "Higher tier needed", "blocker.LIMIT_REACHED": "Limit reached",
    "blocker.NOT_STARTED": "Not started", "blocker.ENDED": "Ended",
    "code.ALREADY_EARNED": "You have checked in today.", "code.RULE_NOT_FOUND": "Check-in is not on at this shop.",
    "code.INSUFFICIENT_POINTS": "Not enough points.", "code.OUT_OF_STOCK": "Sold out.",
    "code.LIMIT_REACHED": "No draws left today.", "code.SHIPPING_ADDRESS_REQUIRED": "Please give a delivery address.",
    address: "Delivery", recipient: "Name", phone: "Phone", street: "Address", confirm: "Confirm",
    games: "Lucky draw", draw: "Draw · {points} {currency}", won: "You won {prize}!", lost: "{prize}. Better luck next time!",
    perDay: "{limit} a day", leaderboard: "This week's leaders", noBoard: "Nobody on the board this week yet.", you: "Me",
  },
};
// The member's own choice, else the merchant's locale (MallHome), else Chinese.
const chosen = localStorage.getItem("pm_locale");
let locale = chosen === "en" ? "en" : "zh-CN";
const t = (key, values = {}) => (MESSAGES[locale][key] ?? key).replace(/\{(\w+)\}/g, (_, n) => String(values[n] ?? ""));
const slug = decodeURIComponent(window.location.pathname.split("/")[2] || "");
const root = document.getElementById("mall");
const documents = new Map();

function tokenOf() {
  const match = window.location.hash.match(/token=([^&]+)/);
  if (match) {
    sessionStorage.setItem(`pm_member_${slug}`, decodeURIComponent(match[1]));
    history.replaceState(null, "", window.location.pathname);
  }
  return sessionStorage.getItem(`pm_member_${slug}`);
}

async function sha256(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function post(body) {
  const answer = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${tokenOf()}` },
    body: JSON.stringify(body),
  });
  return answer.json();
}

// Automatic persisted queries: the document's hash alone, and the document only when the API
// does not know it yet (crypto.subtle exists on https and localhost; elsewhere, the document).
async function run(name, variables = {}) {
  if (!documents.has(name)) {
    const text = await (await fetch(`/mall/assets/operations/${name}.graphql`)).text();
    documents.set(name, { text, hash: window.crypto?.subtle ? await sha256(text) : null });
  }
  const { text, hash } = documents.get(name);
  const extensions = hash ? { persistedQuery: { version: 1, sha256Hash: hash } } : undefined;
  let payload = hash ? await post({ variables, operationName: name, extensions }) : null;
  if (!payload || payload.errors?.[0]?.extensions?.code === "PERSISTED_QUERY_NOT_FOUND") {
    payload = await post({ query: text, variables, operationName: name, extensions });
  }
  if (payload.errors) throw new Error(payload.errors[0].message);
  return payload.data;
}

const refusal = (error) => (MESSAGES[locale][`code.${error.code}`] ? t(`code.${error.code}`) : error.message);

function addressForm(onConfirm) {
  const fields = ["recipient", "phone", "street"].map((name) => el("input", { name, required: true, maxlength: "200", "aria-label": t(name), placeholder: t(name) }));
  return el("form", { class: "address", hidden: true, on: { submit: (event) => {
    event.preventDefault();
    onConfirm(Object.fromEntries(fields.map((input) => [input.name, input.value.trim()])));
  } } }, el("p", {}, t("address")), ...fields, el("button", { class: "redeem", type: "submit" }, t("confirm")));
}

function rewardCard(reward, currency, flash) {
  const price = reward.memberPricePoints ?? reward.pricePoints;
  const key = formKey();
  const physical = reward.type === "PHYSICAL";
  const address = physical ? addressForm((shipping) => order(shipping)) : null;
  const button = el("button", { class: "redeem", type: "button", disabled: !reward.canRedeem, "data-reward": reward.id, on: { click: () => {
    if (physical) address.hidden = false;
    else order(null);
  } } }, reward.canRedeem ? t("redeem") : t(`blocker.${reward.blocker}`));
  async function order(shippingAddress) {
    button.disabled = true;
    try {
      const input = { rewardId: reward.id, idempotencyKey: key.current(), shippingAddress };
      const answer = (await run("MallRedeem", { input })).redeemReward;
      key.answered();
      if (answer.userErrors.length) { flash(refusal(answer.userErrors[0]), true); button.disabled = false; return; }
      await home(t("redeemed"));
    } catch (error) {
      flash(t("error", { message: error.message }), true);
      button.disabled = false;
    }
  }
  return el("article", { class: "reward" },
    el("h3", {}, reward.name),
    reward.description ? el("p", { class: "description" }, reward.description) : null,
    el("p", { class: "price" }, el("strong", {}, points(price, locale)), ` ${currency}`),
    el("p", { class: "stock" }, t("stock", { stock: points(reward.stockAvailable, locale) })),
    button, address);
}

function lotteryCard(lottery, currency, flash) {
  const key = formKey();
  const button = el("button", { class: "redeem", type: "button", "data-lottery": lottery.id, on: { click: async () => {
    button.disabled = true;
    try {
      const answer = (await run("MallDraw", { input: { lotteryId: lottery.id, idempotencyKey: key.current() } })).drawLottery;
      key.answered();
      if (answer.userErrors.length) { flash(refusal(answer.userErrors[0]), true); button.disabled = false; return; }
      const prize = answer.draw.prize;
      await home(t(prize.kind === "NOTHING" ? "lost" : "won", { prize: prize.name }));
    } catch (error) {
      flash(t("error", { message: error.message }), true);
      button.disabled = false;
    }
  } } }, t("draw", { points: points(lottery.costPoints, locale), currency }));
  return el("article", { class: "reward lottery" },
    el("h3", {}, lottery.name),
    el("p", { class: "description" }, lottery.prizes.map((prize) => prize.name).join(" · ")),
    lottery.dailyLimit ? el("p", { class: "stock" }, t("perDay", { limit: lottery.dailyLimit })) : null,
    button);
}

function leaderboard(entries) {
  if (!entries.length) return el("p", { class: "state" }, t("noBoard"));
  return el("ol", { class: "orders board" }, ...entries.map((entry) => el("li", { class: entry.isMe ? "me" : "" },
    el("span", { class: "rank" }, String(entry.rank)),
    el("span", { class: "name" }, entry.isMe ? `${entry.name}（${t("you")}）` : entry.name),
    el("span", { class: "points" }, points(entry.points, locale)))));
}

async function home(notice = "") {
  let data;
  let orders;
  let games;
  try {
    // The games may be unavailable for a moment (leaderboards live in Redis): the mall still opens.
    [data, orders, games] = await Promise.all([run("MallHome"), run("MallOrders"), run("MallGames").catch(() => null)]);
  } catch (error) {
    root.replaceChildren(el("p", { class: "state error" }, t("error", { message: error.message })));
    return;
  }
  if (data.tenant.slug !== slug) {
    root.replaceChildren(el("p", { class: "state" }, t("otherShop")));
    return;
  }
  if (!chosen && data.tenant.locale.startsWith("en") && locale !== "en") {
    locale = "en";
    document.documentElement.lang = locale;
  }
  document.title = `${data.tenant.name} · ${t("title")}`;
  brand(data.tenant.branding);
  const currency = data.tenant.currency.name;
  const message = el("p", { class: "notice", role: "status" }, notice);
  const flash = (text, bad = false) => { message.textContent = text; message.className = bad ? "notice bad" : "notice"; };
  const expiring = data.me.expiringPoints.reduce((sum, lot) => sum + lot.points, 0);
  const checkIn = el("button", { class: "check-in", type: "button", on: { click: async () => {
    const answer = (await run("MallCheckIn")).checkIn;
    if (answer.userErrors.length) flash(refusal(answer.userErrors[0]), true);
    else await home(t("checkedIn", { points: answer.points, streak: answer.streak }));
  } } }, t("checkIn"));
  // (the optional sections are null when absent; replaceChildren would print them as "null")
  root.replaceChildren(...[
    el("header", { class: "wallet" },
      el("div", { class: "shop" },
        data.tenant.branding.logoUrl
          ? el("img", { class: "logo", src: data.tenant.branding.logoUrl, alt: data.tenant.name })
          : data.tenant.name,
        el("button", { type: "button", class: "language", on: { click: () => { locale = locale === "en" ? "zh-CN" : "en"; localStorage.setItem("pm_locale", locale); home(); } } }, t("language"))),
      el("p", { class: "label" }, t("available")),
      el("p", { class: "balance", id: "balance" }, points(data.me.wallet.available, locale), el("span", {}, ` ${currency}`)),
      expiring ? el("p", { class: "expiring" }, t("expiring", { points: points(expiring, locale) })) : null,
      checkIn),
    message,
    el("section", {}, el("h2", {}, t("rewards")),
      data.rewards.nodes.length
        ? el("div", { class: "rewards" }, ...data.rewards.nodes.map((r) => rewardCard(r, currency, flash)))
        : el("p", { class: "state" }, t("noRewards"))),
    games && games.lotteries.length
      ? el("section", { id: "games" }, el("h2", {}, t("games")), el("div", { class: "rewards" }, ...games.lotteries.map((lottery) => lotteryCard(lottery, currency, flash))))
      : null,
    games ? el("section", { id: "leaderboard" }, el("h2", {}, t("leaderboard")), leaderboard(games.leaderboard)) : null,
    el("section", { id: "orders" }, el("h2", {}, t("orders")),
      orders.orders.nodes.length
        ? el("ul", { class: "orders" }, ...orders.orders.nodes.slice().reverse().map((order) => el("li", {},
          el("span", { class: "name" }, order.rewardName || "–"),
          el("span", { class: "status" }, t(`status.${order.status}`)),
          el("span", { class: "points" }, `−${points(order.points, locale)}`),
          ...order.couponCodes.map((code) => el("code", {}, code)))))
        : el("p", { class: "state" }, t("noOrders"))),
  ].filter(Boolean));
}

document.documentElement.lang = locale;
if (!tokenOf()) root.replaceChildren(el("p", { class: "state" }, t("needToken")));
else home();

// The merchant's colours (updateTenant), as the style sheet's variables; set through the CSSOM,
// which the pages' CSP (style-src 'self') allows.
function brand(branding) {
  const style = document.documentElement.style;
  if (branding.primaryColor) style.setProperty("--accent", branding.primaryColor);
  if (branding.accentColor) style.setProperty("--accent-dark", branding.accentColor);
}
