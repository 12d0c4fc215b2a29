// The GraphQL over HTTP spec's own audit against a running API: node audit.mjs <url>.
// Prints one JSON line per audit: {id, name, status: "ok" | "warn" | "error", reason}.
import { auditServer } from "graphql-http";

const url = process.argv[2];
const results = await auditServer({ url });
for (const result of results) {
  const { id, name, status } = result;
  const reason = status === "ok" ? "" : result.reason;
  const response = status === "ok" || !result.response ? null : {
    status: result.response.status,
    body: await result.response.clone().text().catch(() => ""),
  };
  console.log(JSON.stringify({ id, name, status, reason, response }));
}
