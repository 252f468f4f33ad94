import assert from "node:assert/strict";
import { test } from "vitest";
import { deployment, dockerContainer, networkPolicy, pod } from "./fixtures.js";
import { backupsScheduled } from "./rules/backupsScheduled.js";
import { prodImagesByDigest } from "./rules/imagesByDigest.js";
import { metricsGuarded } from "./rules/metricsGuarded.js";
import { pidsLimited } from "./rules/pidsLimited.js";
import type { Subject } from "./types.js";

const DENY = networkPolicy("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
const monitoring = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } };
const apiPolicy = (from: unknown[]) =>
  networkPolicy("api", {
    podSelector: { matchLabels: { "app.kubernetes.io/component": "api" } },
    policyTypes: ["Ingress"],
    ingress: [{ ports: [{ port: 8080 }] }, { from, ports: [{ port: 9464 }] }],
  });

test("prod-images-by-digest: tags fail on prod only; pulled image ids and digests pass", () => {
  const remote = (name: string): Subject => ({
    type: "docker:index/remoteImage:RemoteImage",
    name: "img",
    props: { name },
  });
  assert.deepEqual(prodImagesByDigest.check([dockerContainer(), remote("r/api@sha256:" + "c".repeat(64))]), []);
  assert.deepEqual(prodImagesByDigest.check([dockerContainer(), remote("r/api:1.0")]), [
    { message: 'img: image "r/api:1.0" is not pinned by digest (prod requires name@sha256:<64 hex>)' },
  ]);
  assert.equal(prodImagesByDigest.check([deployment(pod({ image: "r/api:latest" }))]).length, 1);
  // A never-started file carrier runs no bytes; a running container by tag still fails.
  assert.deepEqual(
    prodImagesByDigest.check([dockerContainer({ image: "verifier/carrier:verifier-prod", start: false })]),
    [],
  );
  assert.equal(prodImagesByDigest.check([dockerContainer({ image: "verifier/carrier:verifier-prod" })]).length, 1);
  const staging = dockerContainer({ labels: [{ label: "verifier.tier", value: "staging" }] });
  assert.deepEqual(prodImagesByDigest.check([staging, remote("r/api:1.0")]), []);
});

test("metrics-port-guarded: default deny plus a namespace-only rule passes; anything looser fails", () => {
  assert.deepEqual(metricsGuarded.check([deployment(), DENY, apiPolicy([monitoring])]), []);
  assert.deepEqual(
    metricsGuarded.check([deployment(), apiPolicy([monitoring])]).map((v) => v.message),
    ["api-blue: namespace verifier has no default-deny ingress NetworkPolicy"],
  );
  assert.equal(metricsGuarded.check([deployment(), DENY, apiPolicy([{ podSelector: {} }])]).length, 1);
  assert.equal(metricsGuarded.check([deployment(), DENY, apiPolicy([{ namespaceSelector: {} }])]).length, 1);
  const allPorts = networkPolicy("open", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] });
  assert.equal(metricsGuarded.check([deployment(), DENY, allPorts]).length, 1);
  const elsewhere = networkPolicy("default-deny", { podSelector: {}, policyTypes: ["Ingress"] }, "other");
  assert.equal(metricsGuarded.check([deployment(), elsewhere, apiPolicy([monitoring])]).length, 1);
});

test("backups-scheduled: staging and prod need a scheduler container or a Forbid CronJob; local does not", () => {
  const scheduler = dockerContainer({
    labels: [
      { label: "verifier.tier", value: "staging" },
      { label: "verifier.role", value: "backup" },
    ],
    envs: ["BACKUP_SCHEDULE=0 2 * * *"],
  });
  const api = dockerContainer({
    labels: [
      { label: "verifier.tier", value: "staging" },
      { label: "verifier.role", value: "api" },
    ],
  });
  assert.deepEqual(backupsScheduled.check([api, scheduler]), []);
  assert.equal(backupsScheduled.check([api]).length, 1);
  const cron = (policy: string): Subject => ({
    type: "kubernetes:batch/v1:CronJob",
    name: "backup",
    props: {
      metadata: { labels: { "app.kubernetes.io/component": "backup", "verifier/tier": "prod" } },
      spec: { schedule: "0 */6 * * *", concurrencyPolicy: policy },
    },
  });
  assert.deepEqual(backupsScheduled.check([deployment(), cron("Forbid")]), []);
  assert.equal(backupsScheduled.check([deployment(), cron("Allow")]).length, 1);
  const local = dockerContainer({ labels: [{ label: "verifier.tier", value: "local" }] });
  assert.deepEqual(backupsScheduled.check([local]), []);
});

test("pids-limited: every running container needs its docker update step; carriers need none", () => {
  const step = (create: string): Subject => ({ type: "command:local:Command", name: "pids", props: { create } });
  const carrier = dockerContainer({ name: "verifier-prod-api-blue-1-files", start: false });
  assert.deepEqual(
    pidsLimited.check([dockerContainer(), carrier, step("docker update --pids-limit 256 verifier-prod-api-blue-1")]),
    [],
  );
  assert.deepEqual(
    pidsLimited
      .check([dockerContainer(), step("docker update --pids-limit 0 verifier-prod-api-blue-1")])
      .map((v) => v.message),
    ["verifier-prod-api-blue-1: no pids limit step (docker update --pids-limit N verifier-prod-api-blue-1)"],
  );
});
