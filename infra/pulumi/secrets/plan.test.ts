import assert from "node:assert/strict";
import { test } from "vitest";
import { modelOf } from "../testing/models.js";
import { secretPlan } from "./plan.js";

test("local generates every secret, at the model's lengths, and a self-signed certificate", () => {
  assert.deepEqual(secretPlan(modelOf("local")), [
    { name: "db_password", from: "random", length: 32 },
    { name: "db_owner_password", from: "random", length: 32 },
    { name: "db_app_password", from: "random", length: 32 },
    { name: "db_backup_password", from: "random", length: 32 },
    { name: "redis_password", from: "random", length: 32 },
    { name: "admin_api_key", from: "random", length: 40 },
    { name: "tls_pem", from: "self-signed" },
    { name: "sandbox_token", from: "random", length: 32 },
  ]);
});

test("staging reads every secret from encrypted config, the TLS pair included (tls.mode provided)", () => {
  assert.deepEqual(secretPlan(modelOf("staging")), [
    { name: "db_password", from: "config", keys: ["dbPassword"] },
    { name: "db_owner_password", from: "config", keys: ["dbOwnerPassword"] },
    { name: "db_app_password", from: "config", keys: ["dbAppPassword"] },
    { name: "db_backup_password", from: "config", keys: ["dbBackupPassword"] },
    { name: "redis_password", from: "config", keys: ["redisPassword"] },
    { name: "admin_api_key", from: "config", keys: ["adminApiKey"] },
    { name: "tls_pem", from: "config", keys: ["tlsCert", "tlsKey"] },
    { name: "sandbox_token", from: "config", keys: ["sandboxToken"] },
  ]);
});

test("drills are throwaway; no sandbox token without a sandbox", () => {
  const plan = secretPlan(modelOf("drills", { sandbox: { enabled: false } }));
  assert.deepEqual(
    plan.map((s) => `${s.name}:${s.from}`),
    [
      "db_password:random",
      "db_owner_password:random",
      "db_app_password:random",
      "db_backup_password:random",
      "redis_password:random",
      "admin_api_key:random",
      "tls_pem:self-signed",
    ],
  );
});
