// The merchants screen: search by slug or name, filter by status (both in the address), and
// suspend or reactivate a merchant.

import * as api from "./api.js";
import { t } from "./i18n.js";
import { actionButton, dateTime, element, failed, heading, refusal } from "./ui.js";

const STATUSES = ["", "ACTIVE", "SUSPENDED"];

function address(params) {
  const query = new URLSearchParams([...params].filter(([, value]) => value)).toString();
  return query ? `#tenants?${query}` : "#tenants";
}

function filters(params) {
  const search = element("input", { id: "tenant-search", type: "search", value: params.get("search") || "", "aria-label": t("tenants.search"), placeholder: t("tenants.search") });
  const status = element("select", { id: "tenant-status", "aria-label": t("tenants.status") },
    ...STATUSES.map((value) => element("option", { value, selected: value === (params.get("status") || "") }, value ? t(`tenantStatus.${value}`) : t("tenants.all"))));
  return element("form", { class: "search", on: { submit: (event) => {
    event.preventDefault();
    window.location.hash = address(new URLSearchParams({ search: search.value.trim(), status: status.value }));
  } } }, search, status, element("button", { type: "submit", class: "primary" }, t("tenants.find")));
}

function statusButton(tenant, rerender, report) {
  const suspend = tenant.status === "ACTIVE";
  const [operation, field, label] = suspend
    ? ["ConsoleSuspendTenant", "suspendTenant", "tenants.suspend"]
    : ["ConsoleReactivateTenant", "reactivateTenant", "tenants.reactivate"];
  const confirm = suspend ? t("tenants.confirmSuspend", { name: tenant.name }) : "";
  return actionButton(t(label), async () => (await api.run(operation, { input: { tenantId: tenant.id } }))[field], { report, rerender, confirm });
}

export async function tenantsScreen(params, rerender) {
  document.title = t("tenants.title");
  let page;
  try {
    page = (await api.run("ConsoleTenants", {
      status: params.get("status") || null, search: params.get("search") || "", after: params.get("after") || null,
    })).tenants;
  } catch (error) {
    return failed(error);
  }
  const message = element("p", { class: "error", role: "alert" });
  const report = (userError) => { message.textContent = refusal(userError); };
  const table = page.nodes.length
    ? element("table", { class: "list", id: "tenants" },
      element("thead", {}, element("tr", {}, ...["tenants.name", "tenants.slug", "tenants.currency", "tenants.since", "tenants.status", "tenants.action"].map((key) => heading(key)))),
      element("tbody", {}, ...page.nodes.map((tenant) => element("tr", { "data-tenant": tenant.slug },
        element("td", {}, tenant.name),
        element("td", {}, element("code", {}, tenant.slug)),
        element("td", {}, tenant.currency ? `${tenant.currency.name} (${tenant.currency.code})` : "–"),
        element("td", {}, dateTime(tenant.createdAt, "UTC")),
        element("td", { class: "status" }, element("span", { class: `badge ${tenant.status.toLowerCase()}` }, t(`tenantStatus.${tenant.status}`))),
        element("td", {}, statusButton(tenant, rerender, report))))))
    : element("p", { class: "state empty" }, t("tenants.none"));
  const next = page.pageInfo.hasNextPage
    ? element("a", { class: "more", href: address(new URLSearchParams({ search: params.get("search") || "", status: params.get("status") || "", after: page.pageInfo.endCursor })) }, t("state.more"))
    : null;
  return element("div", {},
    element("h1", {}, t("tenants.title")),
    filters(params),
    element("section", { class: "card" }, message, table, next));
}
