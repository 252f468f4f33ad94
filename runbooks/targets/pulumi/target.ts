import { outputs, setConfig, up, type RunOptions } from "../../../infra/automation/index.js";
import { say } from "../../../infra/exec/progress.js";
import type { StackConfig } from "../../../infra/config/schema.js";
import { localPaths } from "../../../infra/local/paths.js";
import { RunbookError } from "../../cli/errors.js";
import type { BackupSummary } from "../../plan/backups.js";
import { judge, type Verdict } from "../../plan/judge.js";
import type { Colour, ContainerObservation, DeclaredState, Observed } from "../../plan/types.js";
import { readReleases } from "../../release/log.js";
import { burst } from "../burst.js";
import type { MigrationReport, SwitchReport, Target } from "../target.js";
import { appVersionOf } from "../version.js";
import { observedFromOutputs, stackOutputsSchema, type StackOutputs } from "./outputs.js";

/**
 * A Pulumi stack (staging, prod, drills) driven through the Automation API wrapper in infra/automation:
 * the declared state is the stack config (`verifier:activeColour`, `verifier:releases`), and `up`
 * converges to it. Without the Pulumi CLI every call fails at once with PULUMI_CLI_MISSING.
 */
export class PulumiTarget implements Target {
  readonly kind = "pulumi" as const;
  readonly files: { lock: string; releaseLog: string };
  private readonly run: RunOptions;
  private last?: StackOutputs;

  readonly tier: string;

  constructor(private readonly cfg: StackConfig, readonly stack: string, readonly instance: string, repoRoot: string) {
    this.tier = cfg.tier;
    const paths = localPaths(repoRoot, instance);
    this.files = { lock: paths.lock, releaseLog: paths.releaseLog };
    this.run = { stack, root: repoRoot, onOutput: (line) => say(`  pulumi: ${line.trimEnd()}`) };
  }

  private async read(): Promise<StackOutputs> {
    const raw = Object.fromEntries(Object.entries(await outputs(this.run)).map(([k, v]) => [k, v.value]));
    this.last = stackOutputsSchema.parse(raw);
    return this.last;
  }

  /** Pulumi converges to the config; `up` completes only once the workloads pass their readiness checks. */
  private async apply(state: DeclaredState): Promise<void> {
    await setConfig(this.run, { activeColour: { value: state.activeColour }, releases: { value: JSON.stringify(state.releases) } });
    await up(this.run);
  }

  async observe(): Promise<Observed> {
    return observedFromOutputs(await this.read(), readReleases(this.files.releaseLog));
  }
  async start(_colour: Colour, render: DeclaredState): Promise<void> {
    await this.apply(render);
  }
  async awaitHealthy(colour: Colour): Promise<void> {
    const out = await this.read();
    if (out.apiImages[colour] === undefined) throw new RunbookError("DEPLOY_FAILED", `pulumi up finished but the stack exports no api image for ${colour}`);
  }
  async migrations(): Promise<MigrationReport> {
    return { reported: false, applied: [] };
  }
  async smoke(colour: Colour): Promise<Verdict> {
    throw new RunbookError("SMOKE_FAILED", `a direct smoke of ${colour} needs its own address, which the Pulumi program does not export; add a per-colour preview URL output to infra/pulumi/outputs.ts`);
  }
  async switchTraffic(from: Colour, to: Colour): Promise<SwitchReport> {
    const out = this.last ?? (await this.read());
    const started = Date.now();
    await this.apply({ activeColour: to, releases: out.apiImages });
    return { from, to, switchedAt: new Date().toISOString(), joinMs: Date.now() - started, drainMs: 0, undrained: 0 };
  }
  async verify(colour: Colour, image: string | undefined, requests: number): Promise<Verdict> {
    const url = `${(this.last ?? (await this.read())).url}/health/ready`;
    const answers = await burst({ url, requests, concurrency: 10, timeoutMs: 10_000 });
    const version = image === undefined ? undefined : appVersionOf(this.cfg, colour, image);
    return judge(answers, version === undefined ? { colour } : { colour, version });
  }
  async declare(state: DeclaredState): Promise<void> {
    await setConfig(this.run, { activeColour: { value: state.activeColour }, releases: { value: JSON.stringify(state.releases) } });
  }
  async health(): Promise<ContainerObservation[]> {
    const o = await this.observe();
    return [...o.colours.blue.containers, ...o.colours.green.containers];
  }
  async backups(): Promise<BackupSummary> {
    const out = this.last ?? (await this.read());
    throw new RunbookError("STATUS_UNAVAILABLE", `the Pulumi program exports only where backups land (${out.backupLocation}); list them with the backup job there`);
  }
  url(): string {
    return this.last?.url ?? "(unknown until the stack's outputs are read)";
  }
}
