import { beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { UpResult } from "../../infra/local/up.js";
import { PORTS } from "../../infra/model/ports.js";
import { metricsAlias, SANDBOX_RELAY } from "../../infra/model/metricsReach.js";
import { loadStackConfig } from "../../infra/config/load.js";
import { alertRuleList } from "../../infra/model/alerts.js";
import { dashboardQueries, metricNames } from "../../monitoring/grafana/promql-names.js";
import { fetchInside, exportedNames } from "../../monitoring/exposition.js";
import { containerName, REPO_ROOT, TEST_OVERRIDES, useStack } from "../support/instance.js";

const DASHBOARD = new URL("../../monitoring/grafana/verifier.json", import.meta.url).pathname;
/** Series Prometheus writes itself for every target; no exporter exposes them. */
const SCRAPE_SERIES = new Set(["up"]);

let stack: UpResult;
let exported: Set<string>;
let prometheusKnows: Set<string>;
beforeAll(async () => {
  stack = await useStack();
  const apiName = `api-${stack.model.activeColour}-1`;
  // Each listener at the address Prometheus scrapes: the metrics network's, the sandbox's through the api's relay.
  const [apiText, sandboxText, backupText, labels] = await fetchInside(containerName(stack, apiName), [
    `http://${metricsAlias(apiName)}:${PORTS.apiMetrics}/metrics`,
    `http://${SANDBOX_RELAY.alias}:${SANDBOX_RELAY.port}${SANDBOX_RELAY.path}`,
    `http://${metricsAlias("backup")}:${PORTS.backupMetrics}/metrics`,
    `http://prometheus:${PORTS.prometheus}/api/v1/label/__name__/values`,
  ]);
  exported = new Set([apiText, sandboxText, backupText].flatMap((text) => [...exportedNames(text ?? "")]));
  prometheusKnows = new Set((JSON.parse(labels ?? "{}") as { data: string[] }).data);
});

test("every metric a dashboard query reads is exported by the api, sandbox or backup job", () => {
  const queries = dashboardQueries(JSON.parse(readFileSync(DASHBOARD, "utf8")));
  assert.ok(queries.length >= 10, `the dashboard has ${queries.length} queries`);
  const missing = queries.flatMap((q) =>
    q.metrics.filter((m) => !SCRAPE_SERIES.has(m) && !exported.has(m)).map((m) => `${q.panel}: ${m}`),
  );
  assert.deepEqual(missing, []);
});

test("series Prometheus writes itself (up) are present in the stack's Prometheus", () => {
  assert.deepEqual(
    [...SCRAPE_SERIES].filter((m) => !prometheusKnows.has(m)),
    [],
  );
});

test("the exporters expose every name the test instance's alert rules read", () => {
  const read = new Set(
    alertRuleList(loadStackConfig("local", REPO_ROOT, TEST_OVERRIDES)).flatMap((r) => metricNames(r.expr)),
  );
  assert.ok(read.has("nodejs_eventloop_lag_p99_seconds"), "the rules read the api's event-loop delay");
  assert.deepEqual(
    [...read].filter((m) => !SCRAPE_SERIES.has(m) && !exported.has(m)),
    [],
  );
});
