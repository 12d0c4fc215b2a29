// Every label of the portal, in Chinese (the default) and English.

const MESSAGES = {
  "zh-CN": {
    "app.name": "积分商城 · 商户后台",
    "login.title": "登录商户后台",
    "login.email": "邮箱",
    "login.password": "密码",
    "login.submit": "登录",
    "login.failed": "邮箱或密码错误。",
    "nav.dashboard": "概览",
    "top.logout": "退出登录",
    "top.language": "English",
    "role.OWNER": "所有者",
    "role.ADMIN": "管理员",
    "role.STAFF": "员工",
    "role.VIEWER": "只读",
    "dash.title": "经营概览",
    "dash.range": "最近 14 天（{zone}）",
    "dash.liability": "积分负债",
    "dash.liabilityValue": "折合 {money}",
    "dash.issued": "发放",
    "dash.redeemed": "兑换",
    "dash.expired": "过期",
    "dash.members": "会员",
    "dash.membersDetail": "活跃 {active} · 新增 {new}",
    "dash.breakage": "过期率",
    "dash.redemption": "兑换率",
    "dash.chart": "每日积分发放与兑换",
    "dash.points": "积分",
    "state.loading": "加载中…",
    "state.error": "出错了：{message}",
    "state.empty": "这段时间还没有积分变动。",
  },
  en: {
    "app.name": "Points mall · Merchant portal",
    "login.title": "Sign in to your merchant portal",
    "login.email": "Email",
    "login.password": "Password",
    "login.submit": "Sign in",
    "login.failed": "Email or password is wrong.",
    "nav.dashboard": "Dashboard",
    "top.logout": "Log out",
    "top.language": "中文",
    "role.OWNER": "Owner",
    "role.ADMIN": "Admin",
    "role.STAFF": "Staff",
    "role.VIEWER": "Viewer",
    "dash.title": "Dashboard",
    "dash.range": "Last 14 days ({zone})",
    "dash.liability": "Points liability",
    "dash.liabilityValue": "worth {money}",
    "dash.issued": "Issued",
    "dash.redeemed": "Redeemed",
    "dash.expired": "Expired",
    "dash.members": "Members",
    "dash.membersDetail": "{active} active · {new} new",
    "dash.breakage": "Breakage rate",
    "dash.redemption": "Redemption rate",
    "dash.chart": "Points issued and redeemed per day",
    "dash.points": "points",
    "state.loading": "Loading…",
    "state.error": "Something went wrong: {message}",
    "state.empty": "No points moved in this period yet.",
  },
};

export const LOCALES = Object.keys(MESSAGES);
let locale = localStorage.getItem("pm_locale") || "zh-CN";
if (!MESSAGES[locale]) locale = "zh-CN";

export function currentLocale() {
  return locale;
}

export function switchLocale() {
  locale = locale === "zh-CN" ? "en" : "zh-CN";
  localStorage.setItem("pm_locale", locale);
  document.documentElement.lang = locale;
}

export function t(key, values = {}) {
  const text = MESSAGES[locale][key] ?? MESSAGES["zh-CN"][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}
