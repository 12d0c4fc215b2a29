// Bulk jobs: upload a CSV of points or of members to import, or send points to the members who
// have gone quiet (流失召回); then follow the job the worker runs, its failed rows each with
// the reason, downloadable as CSV to fix and upload again.

import * as api from "./api.js";
import { points } from "../shared/format.js";
import { formKey } from "../shared/keys.js";
import { currentLocale, t } from "./i18n.js";
import { dateTime, element, failed, field, heading, numberInput, refusal, roleAtLeast, submitting } from "./ui.js";

const POLL_MS = 1000;
const HEADERS = {
  POINTS: "externalId,amount,reason,expiresAt",
  IMPORT_MEMBERS: "externalId,displayName,phone,email,birthday,tier,tierUntil,points,expiresAt",
};

export async function bulkScreen(viewer, params) {
  document.title = t("bulk.title");
  const title = element("h1", {}, t("bulk.title"));
  if (!roleAtLeast(viewer, "ADMIN")) {
    return element("div", {}, title, element("p", { class: "state empty" }, t("bulk.adminOnly")));
  }
  const jobId = params.get("job");
  let progress = null;
  if (jobId) {
    try {
      progress = await jobSection(jobId, viewer.viewer.tenant.timeZone);
    } catch (error) {
      progress = failed(error);
    }
  }
  return element("div", {}, title, progress, element("div", { class: "actions" }, uploadForm(), winBackForm()));
}

function opened(payload) {
  // A started job's page; a refusal is returned for the form to show.
  if (payload.userErrors.length) return payload.userErrors[0];
  window.location.hash = `#bulk?job=${payload.job.id}`;
  return null;
}

function uploadForm() {
  const key = formKey();
  const kind = element("select", { id: "bulk-kind", on: { change: () => { header.textContent = HEADERS[kind.value]; } } },
    ...Object.keys(HEADERS).map((value) => element("option", { value }, t(`bulk.kind.${value}`))));
  const header = element("code", { id: "bulk-header" }, HEADERS.POINTS);
  const file = element("input", { id: "bulk-file", type: "file", accept: ".csv,text/csv", required: true });
  const dryRun = element("input", { id: "bulk-dry-run", type: "checkbox" });
  const message = element("p", { class: "error", role: "alert" });
  return element("form", { class: "card action", id: "bulk-upload", on: { submit: submitting(message, async () => {
    const csv = await file.files[0].text();
    const input = { csv, dryRun: dryRun.checked, idempotencyKey: key.current() };
    const [operation, answer] = kind.value === "POINTS"
      ? ["PortalStartBulkPointsJob", "startBulkPointsJob"] : ["PortalImportMembers", "importMembers"];
    const payload = (await api.run(operation, { input }))[answer];
    key.answered();
    return opened(payload);
  }) } },
    element("h2", {}, t("bulk.upload")),
    field("bulk-kind", "bulk.kind", kind),
    element("p", { class: "hint" }, t("bulk.header"), " ", header),
    field("bulk-file", "bulk.file", file),
    element("label", { class: "check" }, dryRun, " ", t("bulk.dryRun")),
    message, element("button", { type: "submit", class: "primary" }, t("bulk.start")));
}

function winBackForm() {
  const key = formKey();
  const days = numberInput("winback-days", 90, "1");
  const minimum = numberInput("winback-min", 1, "1");
  const amount = numberInput("winback-amount", "", "1");
  const reason = element("input", { id: "winback-reason", required: true, maxlength: "500", value: t("bulk.winBackReason") });
  const dryRun = element("input", { id: "winback-dry-run", type: "checkbox" });
  const message = element("p", { class: "error", role: "alert" });
  amount.required = true;
  return element("form", { class: "card action", id: "bulk-winback", on: { submit: submitting(message, async () => {
    const input = {
      segment: { atRisk: { inactiveDays: Number(days.value), minBalance: Number(minimum.value) } },
      action: { awardPoints: { amount: Number(amount.value), reason: reason.value } },
      dryRun: dryRun.checked,
      idempotencyKey: key.current(),
    };
    const payload = (await api.run("PortalStartSegmentAction", { input })).startSegmentAction;
    key.answered();
    return opened(payload);
  }) } },
    element("h2", {}, t("bulk.winBack")),
    element("p", { class: "hint" }, t("bulk.winBackLead")),
    field("winback-days", "bulk.inactiveDays", days),
    field("winback-min", "bulk.minBalance", minimum),
    field("winback-amount", "bulk.amount", amount),
    field("winback-reason", "bulk.reason", reason),
    element("label", { class: "check" }, dryRun, " ", t("bulk.dryRun")),
    message, element("button", { type: "submit", class: "primary" }, t("bulk.send")));
}

async function jobSection(id, zone) {
  const fetch = async () => (await api.run("PortalBulkJob", { id })).bulkJob;
  let job = await fetch();
  if (!job) return element("p", { class: "state empty" }, t("bulk.noJob"));
  const section = element("section", { class: "card", id: "bulk-job" });
  const refresh = async () => {
    job = await fetch();
    if (section.isConnected) section.replaceChildren(...jobParts(job, zone, refresh));
  };
  section.replaceChildren(...jobParts(job, zone, refresh));
  const poll = async () => {
    // Until the page shows something else or the job is done; a missed poll, the next retries.
    if (!section.isConnected || !["QUEUED", "RUNNING"].includes(job.status)) return;
    await refresh().catch(() => {});
    setTimeout(poll, POLL_MS);
  };
  setTimeout(poll, POLL_MS);
  return section;
}

function jobParts(job, zone, refresh) {
  const locale = currentLocale();
  const running = ["QUEUED", "RUNNING"].includes(job.status);
  const message = element("p", { class: "error", role: "alert" });
  const parts = [
    element("h2", {}, t(`bulk.kind.${job.kind}`), job.dryRun ? ` · ${t("bulk.dryRunTag")}` : ""),
    element("p", { id: "bulk-status", "data-status": job.status },
      t(`bulk.status.${job.status}`), " · ",
      t("bulk.progress", { processed: points(job.processed, locale), total: points(job.total, locale) })),
    element("progress", { max: String(job.total), value: String(job.processed), "aria-label": t("bulk.progressLabel") }),
    element("p", {}, t("bulk.counts", { succeeded: points(job.succeeded, locale), failed: points(job.failed, locale) }),
      job.finishedAt ? ` · ${t("bulk.finished", { at: dateTime(job.finishedAt, zone) })}` : ""),
  ];
  if (running) {
    parts.push(element("button", { type: "button", class: "secondary small", id: "bulk-cancel", on: { click: async () => {
      const payload = (await api.run("PortalCancelBulkJob", { input: { jobId: job.id } })).cancelBulkJob;
      if (payload.userErrors.length) message.textContent = refusal(payload.userErrors[0]);
      else await refresh();
    } } }, t("bulk.cancel")), message);
  }
  if (job.errors.nodes.length) {
    parts.push(
      element("table", { class: "list", id: "bulk-errors" },
        element("thead", {}, element("tr", {}, ...["bulk.row", "bulk.externalId", "bulk.error"].map((key) => heading(key, key === "bulk.row")))),
        element("tbody", {}, ...job.errors.nodes.map((row) => element("tr", {},
          element("td", { class: "number" }, String(row.row)),
          element("td", {}, row.externalId),
          element("td", {}, row.message))))),
      element("button", { type: "button", class: "secondary small", id: "bulk-failed-csv", on: { click: () => download(job.id) } },
        t("bulk.downloadFailed", { count: points(job.failed, locale) })));
  }
  return parts;
}

async function download(id) {
  const csv = (await api.run("PortalBulkFailedRows", { id })).bulkJob.failedRowsCsv;
  const link = element("a", { href: URL.createObjectURL(new Blob([csv], { type: "text/csv" })), download: `failed-rows-${id}.csv` });
  link.click();
  URL.revokeObjectURL(link.href);
}
