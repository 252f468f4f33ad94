import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "vitest";
import { freePort } from "../test-helpers/ports.js";
import { loadBackupConfig } from "./config.js";
import { serializeManifest, type Manifest } from "./manifest.js";
import { createBackupMetrics } from "./metrics.js";
import { backupBaseName, dumpFileName, manifestFileName } from "./naming.js";
import { observeCommand } from "./observe-command.js";
import { backupEnv, silentLogger } from "./test-helpers/postgres.js";

const VERIFIED_AT = "2024-01-01T00:01:00.000Z";

/** A backup as `run` leaves it (no Postgres needed): a dump and its manifest recording a passed verification. */
async function writeVerifiedBackup(dir: string, createdAt: Date): Promise<string[]> {
  const base = backupBaseName("test", createdAt);
  const bytes = Buffer.from(`PGDMP stand-in for ${base}`);
  const manifest: Manifest = {
    manifest_format: 1,
    file: dumpFileName(base),
    stack: "test",
    database: "observed",
    sha256: createHash("sha256").update(bytes).digest("hex"),
    size_bytes: bytes.length,
    created_at: createdAt.toISOString(),
    server_version: "17.2",
    pg_dump_version: "17.2",
    schema_version: 7,
    tables: [{ schema: "public", table: "items", rows: 0, checksum: null }],
    verification: { verified: true, at: VERIFIED_AT, mismatches: [] },
  };
  await writeFile(join(dir, dumpFileName(base)), bytes, { mode: 0o640 });
  await writeFile(join(dir, manifestFileName(base)), serializeManifest(manifest), { mode: 0o640 });
  return [dumpFileName(base), manifestFileName(base)];
}

async function configFor(dir: string) {
  const port = await freePort();
  const env = { METRICS_HOST: "127.0.0.1", METRICS_PORT: String(port), BACKUP_OBSERVE_SECONDS: "1" };
  return { url: `http://127.0.0.1:${port}`, config: loadBackupConfig(backupEnv("observed", dir, env)) };
}

/** observe as main.ts starts it, on a free port, re-reading every second; stop() aborts it and waits for its end. */
async function startObserve(dir: string) {
  const { url, config } = await configFor(dir);
  const controller = new AbortController();
  const running = observeCommand({ config, logger: silentLogger, metrics: createBackupMetrics() }, controller.signal);
  const stop = async () => {
    controller.abort();
    await running;
  };
  return { url, running, stop };
}

/** GETs `url` every 200 ms, at most 30 times, until the body matches `expected`. */
async function poll(url: string, expected: RegExp): Promise<string> {
  let body = "";
  for (let tries = 0; tries < 30; tries++) {
    const response = await fetch(url).catch(() => undefined);
    body = response?.ok ? await response.text() : "";
    if (expected.test(body)) return body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`${url} never answered with ${expected}; last body: ${body.slice(0, 300)}`);
}

/** Every name in `dir` with its size, mode and mtime, and the directory's own mtime (a create+delete moves it). */
async function snapshot(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).sort();
  const entries = await Promise.all(
    names.map(async (name) => {
      const facts = await stat(join(dir, name));
      return `${name} ${facts.size} ${facts.mode.toString(8)} ${facts.mtimeMs}`;
    }),
  );
  return [`. ${(await stat(dir)).mtimeMs}`, ...entries];
}

// Bounded well below the unit project's 300 s, so an observer that ignores its abort fails instead of hanging.
describe("observeCommand", { timeout: 20_000 }, () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "backup-observe-"));
  });
  afterEach(async () => {
    await chmod(dir, 0o755);
    await rm(dir, { recursive: true, force: true });
  });

  it("says it observes on /health/live, and its gauges follow what BACKUP_DIR holds", async () => {
    const observer = await startObserve(dir);
    try {
      const live = await poll(`${observer.url}/health/live`, /"status":"ok"/);
      assert.deepEqual(JSON.parse(live), { status: "ok", running: false, next_run_at: null, mode: "observe" });
      await poll(`${observer.url}/metrics`, /^backup_verified_count 0$/m);
      const files = await writeVerifiedBackup(dir, new Date("2024-01-01T00:00:00Z"));
      const metrics = await poll(`${observer.url}/metrics`, /^backup_verified_count 1$/m);
      assert.match(
        metrics,
        new RegExp(`^backup_last_verified_timestamp_seconds ${Date.parse(VERIFIED_AT) / 1000}$`, "m"),
      );
      assert.match(metrics, /^backup_runs_total\{outcome="success"\} 0$/m);
      for (const file of files) await rm(join(dir, file));
      await poll(`${observer.url}/metrics`, /^backup_verified_count 0$/m);
    } finally {
      await observer.stop();
    }
  });

  it("never writes to BACKUP_DIR, so a read-only one (0555) serves", async () => {
    await writeVerifiedBackup(dir, new Date("2024-01-01T00:00:00Z"));
    await chmod(dir, 0o555);
    // As root, 0555 stops no write: the listing before and after is what shows nothing was written.
    const before = await snapshot(dir);
    const observer = await startObserve(dir);
    try {
      await poll(`${observer.url}/metrics`, /^backup_verified_count 1$/m);
    } finally {
      await observer.stop();
    }
    assert.deepEqual(await snapshot(dir), before);
  });

  it("refuses a BACKUP_DIR it cannot read, naming it, before listening", async () => {
    const missing = join(dir, "missing");
    const { url, config } = await configFor(missing);
    await assert.rejects(
      observeCommand({ config, logger: silentLogger, metrics: createBackupMetrics() }, new AbortController().signal),
      (error: Error & { code?: string }) =>
        error.code === "BACKUP_DIR_UNUSABLE" &&
        error.message.startsWith(`opening ${missing} failed: ENOENT`) &&
        /check that BACKUP_DIR exists and is readable by uid/.test(error.message),
    );
    await assert.rejects(fetch(`${url}/health/live`));
  });

  it("returns once the signal aborts, with the port closed", async () => {
    const observer = await startObserve(dir);
    await poll(`${observer.url}/health/live`, /"mode":"observe"/);
    await observer.stop();
    assert.equal(await observer.running, undefined);
    await assert.rejects(fetch(`${observer.url}/health/live`));
  });
});
