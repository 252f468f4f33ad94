import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { say } from "../../infra/exec/progress.js";
import { CommandError, run } from "../../infra/exec/run.js";

/** Where the venvs are kept between clones, one per content of the requirements file. Default ~/.cache/verifier-schemathesis. */
const CACHE =
  process.env.VERIFIER_SCHEMATHESIS_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "verifier-schemathesis");

/**
 * schemathesis (from PyPI) in a venv of its own, installed once from tests/fuzz/requirements.txt
 * (every package pinned, `--no-deps`: nothing unpinned comes in) and kept under a key of that file's
 * content. Built beside its place and renamed into it, so a failed install leaves nothing half made.
 * Returns the argv that runs its CLI (`python -m schemathesis.cli`: a renamed venv keeps working,
 * its scripts' shebangs would not).
 */
export async function ensureSchemathesis(repoRoot: string): Promise<string[]> {
  const requirements = join(repoRoot, "tests", "fuzz", "requirements.txt");
  const key = createHash("sha256").update(readFileSync(requirements)).digest("hex").slice(0, 16);
  const venv = join(CACHE, key);
  const cli = [join(venv, "bin", "python"), "-m", "schemathesis.cli"];
  if (existsSync(join(venv, "bin", "python"))) return cli;
  const building = `${venv}.building-${process.pid}`;
  const started = Date.now();
  say(`… schemathesis: installing ${requirements} into ${venv}`);
  try {
    await run(["python3", "-m", "venv", building], { timeoutMs: 120_000 });
    const pip = [join(building, "bin", "pip"), "install", "--quiet", "--no-deps", "--disable-pip-version-check"];
    await run([...pip, "--requirement", requirements], { timeoutMs: 600_000 });
    await run([join(building, "bin", "python"), "-m", "schemathesis.cli", "--version"]);
    renameSync(building, venv);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (existsSync(join(venv, "bin", "python"))) return cli; // another run installed it meanwhile
    const detail = error instanceof CommandError ? error.stderrTail : String(error);
    throw new Error(
      `schemathesis: installing ${requirements} failed: ${detail}. It needs python3 with venv (Debian: python3-venv, which scripts/setup-host.sh --test-services installs) and PyPI reachable.`,
    );
  }
  say(`✓ schemathesis installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return cli;
}
