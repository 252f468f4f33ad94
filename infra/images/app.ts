import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { run } from "../exec/run.js";

/** Inputs that decide the compiled service: its sources, migrations, lock file and compiler settings. */
function appInputs(serviceDir: string): string[] {
  const fixed = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json"].map((f) =>
    join(serviceDir, f),
  );
  return [...fixed, ...walk(join(serviceDir, "src")), ...walk(join(serviceDir, "migrations"))]
    .filter((f) => !/\.test\.ts$|\/test-helpers\//.test(f))
    .sort();
}

export function appHash(serviceDir: string): string {
  const h = createHash("sha256");
  for (const file of appInputs(serviceDir)) {
    h.update(relative(serviceDir, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return h.digest("hex").slice(0, 16);
}

/**
 * The service as shipped in an image: compiled JavaScript, migrations, production dependencies only.
 * Built once per content hash under buildDir; an interrupted build never leaves a directory that counts.
 */
export async function ensureAppBundle(serviceDir: string, buildDir: string): Promise<{ dir: string; hash: string }> {
  const hash = appHash(serviceDir);
  const dir = join(buildDir, `app-${hash}`);
  if (existsSync(join(dir, ".complete"))) return { dir, hash };
  // Per-process staging: two builds at once (npm start beside a runbook) never share a directory.
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  await run(["npx", "tsc", "-p", "tsconfig.build.json", "--outDir", join(partial, "dist")], { cwd: serviceDir });
  for (const f of ["package.json", "package-lock.json"]) cpSync(join(serviceDir, f), join(partial, f));
  cpSync(join(serviceDir, "migrations"), join(partial, "migrations"), { recursive: true });
  await run(["npm", "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd: partial,
  });
  writeFileSync(join(partial, ".dockerignore"), ".complete\n.dockerignore\n");
  writeFileSync(join(partial, ".complete"), hash);
  if (existsSync(join(dir, ".complete"))) {
    rmSync(partial, { recursive: true, force: true }); // another process finished the same bundle first
    return { dir, hash };
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return { dir, hash };
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
