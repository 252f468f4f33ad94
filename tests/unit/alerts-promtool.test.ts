import { beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { parseStackConfig } from "../../infra/config/load.js";
import { alertRuleList, alertRules } from "../../infra/model/alerts.js";
import { PROMTOOL_TESTS, promtoolImage, testRules } from "../../monitoring/promtool/run.js";
import { REPO_ROOT } from "../support/instance.js";

/** The configs the promtool tests are written for: WAL archiving on (every optional rule), and dumps alone. */
const WAL_KEYS = {
  tier: "local",
  backup: { schedule: "0 */6 * * *", walArchiving: true, archiveTimeoutSeconds: 60 },
  objectives: { rpoSeconds: 300, rtoSeconds: 900 },
};
const DUMPS_KEYS = {
  tier: "local",
  backup: { schedule: "*/5 * * * *" },
  objectives: { rpoSeconds: 300, rtoSeconds: 900 },
  sandbox: { enabled: false },
};
const DUMPS_TESTS = new URL("../../monitoring/promtool/dumps.test.yml", import.meta.url).pathname;
const walCfg = parseStackConfig(WAL_KEYS, "tests/unit/alerts-promtool.test.ts (WAL)");
const dumpsCfg = parseStackConfig(DUMPS_KEYS, "tests/unit/alerts-promtool.test.ts (dumps)");

let image: string;
beforeAll(async () => {
  image = await promtoolImage(REPO_ROOT);
});

test("every rendered alert rule passes its promtool unit tests, with WAL archiving and with dumps alone", async () => {
  for (const [cfg, file] of [
    [walCfg, PROMTOOL_TESTS],
    [dumpsCfg, DUMPS_TESTS],
  ] as const) {
    const result = await testRules(image, alertRules(cfg), file);
    assert.equal(result.ok, true, result.output);
    assert.match(result.output, /SUCCESS/);
  }
});

test("the promtool tests cover every rule either config renders", () => {
  const covered = new Set(
    [PROMTOOL_TESTS, DUMPS_TESTS].flatMap((file) =>
      (parse(readFileSync(file, "utf8")) as { tests: { alert_rule_test: { alertname: string }[] }[] }).tests.flatMap(
        (t) => t.alert_rule_test.map((a) => a.alertname),
      ),
    ),
  );
  const rendered = [walCfg, dumpsCfg].flatMap((cfg) => alertRuleList(cfg).map((r) => r.alert));
  assert.deepEqual(
    rendered.filter((name) => !covered.has(name)),
    [],
  );
});

test("promtool fails when a threshold drifts from the RPO the tests expect", async () => {
  const loose = { rpoSeconds: 3000, rtoSeconds: 900 };
  const wal = await testRules(image, alertRules(parseStackConfig({ ...WAL_KEYS, objectives: loose }, "drifted")));
  assert.equal(wal.ok, false);
  assert.match(wal.output, /RecoveryPointOlderThanRpo/);
  const dumps = await testRules(
    image,
    alertRules(parseStackConfig({ ...DUMPS_KEYS, objectives: loose }, "drifted")),
    DUMPS_TESTS,
  );
  assert.equal(dumps.ok, false);
  assert.match(dumps.output, /BackupOlderThanRpo/);
});

test("the recovery point decides the backup rules: the newest dump alone, or the archived WAL with a late dump a ticket", () => {
  const names = (cfg: typeof walCfg) => alertRuleList(cfg).map((r) => r.alert);
  assert.deepEqual(names(dumpsCfg), [
    "ApiDown",
    "ApiHighErrorRate",
    "ApiHighLatency",
    "ApiEventLoopBlocked",
    "BackupOlderThanRpo",
    "BackupJobAbsent",
  ]);
  assert.deepEqual(names(walCfg).slice(4), [
    "RecoveryPointOlderThanRpo",
    "BackupOverdue",
    "BackupJobAbsent",
    "WalArchivingStalled",
    "WalArchiveMetricAbsent",
    "SandboxSaturated",
  ]);
});
