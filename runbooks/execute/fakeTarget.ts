import { SwitchError } from "../cli/errors.js";
import { join } from "node:path";
import type { DirectSmoke } from "../plan/capabilities.js";
import type { Verdict } from "../plan/judge.js";
import type { Colour, ContainerObservation, DeclaredState, Observed } from "../plan/types.js";
import type { BackupJob, BackupSite, MigrationReport, SwitchReport, Target } from "../targets/target.js";

const PASS: Verdict = { ok: true, total: 1, passed: 1, failures: [] };
const FAIL: Verdict = { ok: false, total: 50, passed: 0, failures: ["50× /health/ready → 503"] };

/**
 * A target for executor tests: the single I/O seam, recording every call in order. `failing` names the
 * calls that fail ("smoke", "verify:green", "switch:blue→green", "switch-moved:blue→green", ...).
 * `directSmoke` is the capability it declares (default able); `dir` holds its lock and release log
 * (default a path that does not exist: only executor tests, which take no lock, leave it out).
 */
export class FakeTarget implements Target {
  readonly kind = "compose" as const;
  readonly stack = "local";
  readonly instance = "t";
  readonly tier = "local";
  readonly files: { lock: string; releaseLog: string };
  readonly directSmoke: DirectSmoke;
  readonly calls: string[] = [];

  constructor(
    private readonly observed: Observed,
    private readonly failing: string[] = [],
    opts: { directSmoke?: DirectSmoke; dir?: string } = {},
  ) {
    this.directSmoke = opts.directSmoke ?? { able: true };
    const dir = opts.dir ?? "/nonexistent";
    this.files = { lock: join(dir, "lock"), releaseLog: join(dir, "releases.jsonl") };
  }

  private call(name: string): void {
    this.calls.push(name);
    if (this.failing.includes(name)) throw new Error(`${name} broke`);
  }

  async observe(): Promise<Observed> {
    return this.observed;
  }
  async start(colour: Colour, render: DeclaredState): Promise<void> {
    this.call(`start:${colour}:${render.releases[colour]}`);
  }
  async awaitHealthy(colour: Colour): Promise<void> {
    this.call(`await-healthy:${colour}`);
  }
  async migrations(colour: Colour): Promise<MigrationReport> {
    this.call(`migrations:${colour}`);
    return { reported: true, applied: [], schemaVersion: 1 };
  }
  async smoke(colour: Colour): Promise<Verdict> {
    this.calls.push(`smoke:${colour}`);
    return this.failing.includes(`smoke:${colour}`) ? FAIL : PASS;
  }
  async switchTraffic(from: Colour, to: Colour): Promise<SwitchReport> {
    const name = `switch:${from}→${to}`;
    this.calls.push(name);
    if (this.failing.includes(name)) throw new SwitchError(`${name} broke before the batch`, false);
    if (this.failing.includes(`switch-moved:${from}→${to}`))
      throw new SwitchError(`${name} broke after the batch`, true);
    return { from, to, switchedAt: "2025-01-01T00:00:00.000Z", joinMs: 1, drainMs: 1, undrained: 0 };
  }
  async verify(colour: Colour): Promise<Verdict> {
    this.calls.push(`verify:${colour}`);
    return this.failing.includes(`verify:${colour}`) ? FAIL : PASS;
  }
  async declare(state: DeclaredState): Promise<void> {
    this.call(`declare:${state.activeColour}`);
  }
  async health(): Promise<ContainerObservation[]> {
    return [...this.observed.colours.blue.containers, ...this.observed.colours.green.containers];
  }
  async backupSite(): Promise<BackupSite> {
    return {
      project: "verifier-t",
      backup: "verifier-t-backup",
      postgres: "verifier-t-postgres",
      api: { blue: ["verifier-t-api-blue-1"], green: ["verifier-t-api-green-1"] },
      backups: "verifier-t-backups",
    };
  }
  async backupJob(): Promise<BackupJob> {
    return {
      project: "verifier-t",
      describe: (args) => `main.js ${args.join(" ")} in verifier-t-backup`,
      ask: async (args) => {
        this.call(`backup-job:${args.join(" ")}`);
        return "[]";
      },
    };
  }
  async restartColour(colour: Colour): Promise<string[]> {
    this.call(`restart:${colour}`);
    return [`verifier-t-api-${colour}-1`];
  }
  url(): string {
    return "https://127.0.0.1:1";
  }
}
