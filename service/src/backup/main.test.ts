import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { ListedBackup } from "./listing.js";
import type { Manifest } from "./manifest.js";
import { backupEnv, closedPort, createSeededDatabase, dropDatabase, sql } from "./test-helpers/postgres.js";
import { baseEnv, cli, MAIN, type Outcome, SERVICE_DIR } from "./test-helpers/cli.js";

const lines = (text: string) => text.trim().split("\n").filter(Boolean);

describe("backup CLI", () => {
  let database: string;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createSeededDatabase("cli");
    dir = await mkdtemp(join(tmpdir(), "backup-cli-"));
    env = backupEnv(database, dir);
  });
  afterAll(async () => {
    await dropDatabase(database);
    await rm(dir, { recursive: true, force: true });
  });

  it("run: exits 0 with the verified backup on stdout, files unreadable to others", async () => {
    const outcome = await cli(["run"], env);
    assert.equal(outcome.code, 0, outcome.stderr);
    const result = JSON.parse(outcome.stdout) as { file: string; verification: { verified: boolean } };
    assert.match(result.file, /^test_\d{8}T\d{6}Z\.dump$/);
    assert.equal(result.verification.verified, true);
    assert.equal((await stat(join(dir, result.file))).mode & 0o777, 0o640);
  });

  it("list: prints each backup with its state as JSON", async () => {
    const outcome = await cli(["list"], env);
    assert.equal(outcome.code, 0, outcome.stderr);
    const listed = JSON.parse(outcome.stdout) as ListedBackup[];
    assert.deepEqual(
      listed.map((entry) => [entry.state, entry.schema_version]),
      [["verified", 7]],
    );
  });

  it("verify: exits 1 with one error line when the dump was altered", async () => {
    const [file] = (await readdir(dir)).filter((name) => name.endsWith(".dump"));
    const [dumpPath, manifestPath] = [join(dir, file!), join(dir, file!.replace(/\.dump$/, ".manifest.json"))];
    const [bytes, manifest] = [await readFile(dumpPath), await readFile(manifestPath)];
    await writeFile(dumpPath, Buffer.concat([bytes, Buffer.from("x")]));
    const outcome = await cli(["verify", file!], env);
    assert.equal(outcome.code, 1);
    assert.deepEqual(lines(outcome.stderr), [
      `backup failed [BACKUP_VERIFY_FAILED]: ${file} failed verification with 2 mismatch(es); ` +
        `first: file size_bytes: expected ${bytes.length}, found ${bytes.length + 1}; it is kept but never counted as a good backup`,
    ]);
    assert.match(await readFile(manifestPath, "utf8"), /"verified": false/);
    // Put the verified backup back for the tests below.
    await writeFile(dumpPath, bytes);
    await writeFile(manifestPath, manifest);
  });

  it("run: exits 1 with one line naming the database when it is down, leaving no file", async () => {
    const listing = await readdir(dir);
    const port = await closedPort();
    const outcome = await cli(["run"], { ...env, DATABASE_PORT: String(port) });
    assert.equal(outcome.code, 1);
    assert.equal(lines(outcome.stderr).length, 1);
    assert.match(
      outcome.stderr,
      new RegExp(
        `^backup failed \\[BACKUP_DB_UNREACHABLE\\]: cannot connect to postgres as postgres@127\\.0\\.0\\.1:${port}/${database}: `,
      ),
    );
    assert.deepEqual(await readdir(dir), listing);
  });

  it("exits 2 naming the variable on bad configuration, and never shows the password", async () => {
    const outcome = await cli(["run"], { ...env, BACKUP_RETAIN: "many", DATABASE_PASSWORD: "hunter2-hunter2" });
    assert.equal(outcome.code, 2);
    assert.deepEqual(lines(outcome.stderr), [
      'backup failed [BACKUP_CONFIG_INVALID]: invalid environment: BACKUP_RETAIN: received "many"; allowed: an integer from 1 to 1000 (default 14)',
    ]);
  });

  it("schedule: serves liveness and metrics read from disk, and exits 0 on SIGTERM", async () => {
    const port = await closedPort();
    const child = spawn(process.execPath, [...MAIN, "schedule"], {
      cwd: SERVICE_DIR,
      env: baseEnv({ ...env, METRICS_PORT: String(port) }),
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    try {
      const live = JSON.parse(await pollText(`http://127.0.0.1:${port}/health/live`, /"next_run_at":"/)) as Record<
        string,
        unknown
      >;
      assert.deepEqual(live, { status: "ok", running: false, next_run_at: live.next_run_at });
      assert.match(String(live.next_run_at), /^\d{4}-\d{2}-\d{2}T03:00:00\.000Z$/);
      // The disk is read after the listener starts, so wait for the count to appear.
      const metrics = await pollText(`http://127.0.0.1:${port}/metrics`, /^backup_verified_count 1$/m);
      const [manifestFile] = (await readdir(dir)).filter((name) => name.endsWith(".manifest.json"));
      const verifiedAt = (JSON.parse(await readFile(join(dir, manifestFile!), "utf8")) as Manifest).verification.at!;
      assert.match(
        metrics,
        new RegExp(`^backup_last_verified_timestamp_seconds ${Date.parse(verifiedAt) / 1000}$`, "m"),
      );
      assert.match(metrics, /^backup_runs_total\{outcome="failure"\} 0$/m);
    } finally {
      child.kill("SIGTERM");
    }
    assert.equal(await exited, 0);
  });

  it("observe: on a read-only mount serves liveness and the disk gauges, WAL age included, logs to stdout, exits 0 on SIGTERM", async () => {
    const observed = await mkdtemp(join(tmpdir(), "backup-observe-"));
    try {
      for (const name of (await readdir(dir)).filter((file) => /\.(dump|manifest\.json)$/.test(file)))
        await copyFile(join(dir, name), join(observed, name));
      await mkdir(join(observed, "wal"));
      await writeFile(join(observed, "wal", "000000010000000000000002"), "x");
      const port = await closedPort();
      // A private mount namespace remounts the directory read-only: even root cannot write there.
      const script =
        'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && exec "$2" --import tsx src/backup/main.ts observe';
      const child = spawn("unshare", ["-rm", "sh", "-c", script, "sh", observed, process.execPath], {
        cwd: SERVICE_DIR,
        env: baseEnv({
          ...env,
          BACKUP_DIR: observed,
          BACKUP_BASE_BACKUPS: "true",
          BACKUP_OBSERVE_SECONDS: "1",
          METRICS_PORT: String(port),
          LOG_LEVEL: "info",
        }),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let [stdout, stderr] = ["", ""];
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      try {
        const live = await pollText(`http://127.0.0.1:${port}/health/live`, /"mode":"observe"/);
        assert.deepEqual(JSON.parse(live), { status: "ok", running: false, next_run_at: null, mode: "observe" });
        const metrics = await pollText(`http://127.0.0.1:${port}/metrics`, /^backup_verified_count 1$/m);
        assert.match(metrics, /^backup_wal_last_archived_timestamp_seconds\{dir=".*\/wal"\} \d/m);
      } finally {
        child.kill("SIGTERM");
      }
      assert.equal(await exited, 0, stderr);
      assert.equal(stderr, "");
      assert.ok(
        lines(stdout).some((line) => (JSON.parse(line) as { msg?: string }).msg === "observing the backup directory"),
        stdout,
      );
    } finally {
      await rm(observed, { recursive: true, force: true });
    }
  });

  it("run: on a full disk fails with BACKUP_DISK_FULL, removes the partial, leaves earlier backups untouched", async () => {
    await sql(
      database,
      "CREATE TABLE bulk AS SELECT g AS id, decode(md5(g::text || random()::text), 'hex') AS noise FROM generate_series(1, 60000) g",
    );
    const small = join(dir, "..", `${dir.split("/").at(-1)}-full`);
    await mkdir(small);
    // A private mount namespace gives a 256 KiB disk the new dump cannot fit on, with no root needed outside it.
    const script =
      'mount -t tmpfs -o size=256k tmpfs "$1" && cp -p "$2"/*.dump "$2"/*.manifest.json "$1"/ && ' +
      '(cd "$1" && sha256sum * > /tmp/.before-$$) && BACKUP_DIR="$1" node --import tsx src/backup/main.ts run; rc=$?; ' +
      'cd "$1" && ls -A && sha256sum -c --quiet /tmp/.before-$$ && echo UNTOUCHED; rm -f /tmp/.before-$$; exit $rc';
    const outcome = await new Promise<Outcome>((resolve) => {
      execFile(
        "unshare",
        ["-rm", "sh", "-c", script, "sh", small, dir],
        { cwd: SERVICE_DIR, env: baseEnv(env) },
        (error, stdout, stderr) => resolve({ code: (error as { code?: number } | null)?.code ?? 0, stdout, stderr }),
      );
    });
    await rm(small, { recursive: true, force: true });
    assert.equal(outcome.code, 1, outcome.stderr);
    assert.match(
      lines(outcome.stderr).at(-1)!,
      /^backup failed \[BACKUP_DISK_FULL\]: pg_dump exited with 1: .*No space left on device/,
    );
    const before = (await readdir(dir)).filter((name) => !name.startsWith(".")).sort();
    assert.deepEqual(lines(outcome.stdout), [...before, "UNTOUCHED"]);
  });
});

/** Polls `url` every 50 ms until it answers with a body matching `expected`, giving up after 15 s. */
async function pollText(url: string, expected: RegExp): Promise<string> {
  for (let tries = 0; tries < 300; tries++) {
    const response = await fetch(url).catch(() => undefined);
    const body = response?.ok ? await response.text() : "";
    if (expected.test(body)) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`${url} did not answer with ${expected} within 15 s`);
}
