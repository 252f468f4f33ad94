import { afterAll, beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackConfig } from "../../infra/config/load.js";
import { alertRules } from "../../infra/model/alerts.js";
import { promtoolImage, testRules } from "../../monitoring/promtool/run.js";
import { REPO_ROOT } from "../support/instance.js";

/**
 * BackupOlderThanRpo as the backup job drives it, proven by `promtool test rules` in the built
 * prometheus image: a job whose runs keep failing (the verified timestamp stands still while the
 * failure counter climbs) pages once the newest verified backup is older than the RPO for 5 minutes,
 * and the page clears when a verified backup lands. RPO 600 s here, on a schedule that can meet it.
 */
const cfg = parseStackConfig(
  {
    tier: "local",
    backup: { schedule: "*/10 * * * *" },
    objectives: { rpoSeconds: 600, rtoSeconds: 300 },
    sandbox: { enabled: false },
  },
  "backup-alert.test.ts",
);
const LABELS = 'job="backup",instance="backup:9466"';
const SUMMARY = "newest verified backup is older than the RPO target (600 s)";

const TESTS = `rule_files:
  - alerts.yml
evaluation_interval: 1m
tests:
  - name: failing runs leave the verified timestamp behind; the page waits for RPO plus 5m
    interval: 1m
    input_series:
      - series: 'backup_last_verified_timestamp_seconds{${LABELS}}'
        values: '0x30'
      - series: 'backup_runs_total{outcome="failure",${LABELS}}'
        values: '0+1x30'
    alert_rule_test:
      - {eval_time: 10m, alertname: BackupOlderThanRpo, exp_alerts: []}
      - {eval_time: 15m, alertname: BackupOlderThanRpo, exp_alerts: []}
      - eval_time: 16m
        alertname: BackupOlderThanRpo
        exp_alerts:
          - exp_labels: {severity: page, job: backup, instance: "backup:9466"}
            exp_annotations: {summary: "${SUMMARY}"}
      - {eval_time: 16m, alertname: BackupJobAbsent, exp_alerts: []}
  - name: a verified backup landing clears the page
    interval: 1m
    input_series:
      - series: 'backup_last_verified_timestamp_seconds{${LABELS}}'
        values: '0x19 1200x10'
    alert_rule_test:
      - eval_time: 18m
        alertname: BackupOlderThanRpo
        exp_alerts:
          - exp_labels: {severity: page, job: backup, instance: "backup:9466"}
            exp_annotations: {summary: "${SUMMARY}"}
      - {eval_time: 21m, alertname: BackupOlderThanRpo, exp_alerts: []}
`;

let image: string;
let dir: string;
beforeAll(async () => {
  image = await promtoolImage(REPO_ROOT);
  dir = mkdtempSync(join(tmpdir(), "backup-alert-"));
  writeFileSync(join(dir, "backup.test.yml"), TESTS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("BackupOlderThanRpo pages for a job whose runs keep failing, after RPO + 5m, and clears on the next verified backup", async () => {
  const result = await testRules(image, alertRules(cfg), join(dir, "backup.test.yml"));
  assert.equal(result.ok, true, result.output);
  assert.match(result.output, /SUCCESS/);
});

test("the same tests fail against a rule with a looser RPO: they can fail", async () => {
  const loose = parseStackConfig(
    {
      tier: "local",
      backup: { schedule: "*/10 * * * *" },
      objectives: { rpoSeconds: 1200, rtoSeconds: 300 },
      sandbox: { enabled: false },
    },
    "loose",
  );
  const result = await testRules(image, alertRules(loose), join(dir, "backup.test.yml"));
  assert.equal(result.ok, false);
  assert.match(result.output, /BackupOlderThanRpo/);
});
