import { beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { parseStackConfig } from "../../infra/config/load.js";
import { alertRuleList, alertRules } from "../../infra/model/alerts.js";
import { PROMTOOL_TESTS, promtoolImage, testRules } from "../../monitoring/promtool/run.js";
import { REPO_ROOT } from "../support/instance.js";

/** The config monitoring/promtool/verifier.test.yml is written for: every optional rule on. */
const KEYS = {
  tier: "local",
  backup: { walArchiving: true, archiveTimeoutSeconds: 60 },
  objectives: { rpoSeconds: 300, rtoSeconds: 900 },
};
const cfg = parseStackConfig(KEYS, "tests/unit/alerts-promtool.test.ts");

let image: string;
beforeAll(async () => {
  image = await promtoolImage(REPO_ROOT);
});

test("every rendered alert rule passes its promtool unit tests", async () => {
  const result = await testRules(image, alertRules(cfg));
  assert.equal(result.ok, true, result.output);
  assert.match(result.output, /SUCCESS/);
});

test("the promtool tests cover every rule the model renders", () => {
  const tests = parse(readFileSync(PROMTOOL_TESTS, "utf8")) as {
    tests: { alert_rule_test: { alertname: string }[] }[];
  };
  const covered = new Set(tests.tests.flatMap((t) => t.alert_rule_test.map((a) => a.alertname)));
  assert.deepEqual(
    alertRuleList(cfg)
      .map((r) => r.alert)
      .filter((name) => !covered.has(name)),
    [],
  );
});

test("promtool fails when a rule drifts from what the tests expect (a looser RPO threshold)", async () => {
  const drifted = parseStackConfig({ ...KEYS, objectives: { rpoSeconds: 3000, rtoSeconds: 900 } }, "drifted");
  const result = await testRules(image, alertRules(drifted));
  assert.equal(result.ok, false);
  assert.match(result.output, /BackupOlderThanRpo/);
});

test("a stack without WAL archiving or sandbox renders no WAL or sandbox rules", () => {
  const plain = parseStackConfig({ tier: "local", sandbox: { enabled: false } }, "plain");
  assert.deepEqual(
    alertRuleList(plain).map((r) => r.alert),
    ["ApiDown", "ApiHighErrorRate", "ApiHighLatency", "ApiEventLoopBlocked", "BackupOlderThanRpo", "BackupJobAbsent"],
  );
});
