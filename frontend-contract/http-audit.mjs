// The GraphQL-over-HTTP audit of a running tprm: graphql-http's serverAudits, each request
// carrying a bearer token. Prints every audit's result as JSON on stdout (what failed, with
// the response it got), a count on stderr, and exits 1 when any audit is an error or warning.
//
//   TPRM_TOKEN=tprm_... node http-audit.mjs [http://127.0.0.1:8000/graphql]
import { serverAudits } from "graphql-http";

const url = process.argv[2] || "http://127.0.0.1:8000/graphql";
const token = process.env.TPRM_TOKEN;
if (!token) {
  console.error("Set TPRM_TOKEN to a tprm API token (tprm serve prints one).");
  process.exit(2);
}

function withToken(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

async function described(result) {
  const entry = { id: result.id, name: result.name, status: result.status };
  if (result.status !== "ok") {
    const response = result.response;
    entry.reason = result.reason;
    entry.response = {
      status: response.status,
      contentType: response.headers.get("content-type"),
      body: await response.text().catch(() => "(already read by the audit)"),
    };
  }
  return entry;
}

const results = [];
// One at a time: a failing audit's response is then easy to match with the server's log.
for (const audit of serverAudits({ url, fetchFn: withToken })) {
  results.push(await described(await audit.fn()));
}
console.log(JSON.stringify(results, null, 2));

const counts = {};
for (const { status } of results) counts[status] = (counts[status] || 0) + 1;
console.error(`${results.length} audits: ${JSON.stringify(counts)}`);
process.exit(results.some((r) => r.status === "error" || r.status === "warn") ? 1 : 0);
