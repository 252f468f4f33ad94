#!/usr/bin/env node
// Set-up before every npm script: the host (scripts/setup-host.sh: Docker engine, Compose, debootstrap;
// with --test-services also the host Postgres and Redis), then npm dependencies (root and service/)
// when missing or when a lock file changed since the last install. Plain JavaScript with no
// dependencies: it runs before anything is installed.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
/** The set-up's own output is progress: on stderr, so stdout stays the script's (`eval "$(npm run -s cluster -- env)"`). */
const PROGRESS_ONLY = ["ignore", process.stderr, "inherit"];
const hostArgs = process.argv.includes("--test-services") ? ["--test-services"] : [];
if (!process.argv.includes("--no-host"))
  execFileSync("bash", [join(root, "scripts", "setup-host.sh"), ...hostArgs], {
    stdio: PROGRESS_ONLY,
  });

for (const dir of [root, join(root, "service")]) {
  const lock = join(dir, "package-lock.json");
  const stamp = join(dir, "node_modules", ".verifier-lock-sha256");
  const want = createHash("sha256").update(readFileSync(lock)).digest("hex");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) continue;
  process.stderr.write(`… npm ci in ${dir}\n`);
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: dir,
    stdio: PROGRESS_ONLY,
  });
  writeFileSync(stamp, want);
}
