import { outputs, setConfig, up, type RunOptions } from "../../../infra/automation/index.js";
import type { StackOptions } from "../../../infra/automation/workspace.js";
import type { StackConfig } from "../../../infra/config/schema.js";
import { say } from "../../../infra/exec/progress.js";
import { localPaths } from "../../../infra/local/paths.js";
import { projectOf } from "../../../infra/model/build.js";
import { RunbookError } from "../../cli/errors.js";
import { judge, type Verdict } from "../../plan/judge.js";
import type { DirectSmoke } from "../../plan/capabilities.js";
import type { Colour, ContainerObservation, DeclaredState, Observed } from "../../plan/types.js";
import { readReleases } from "../../release/log.js";
import type { BackupJob, BackupSite, MigrationReport, SwitchReport, Target } from "../target.js";
import { migrationsFromLog } from "../migrationLog.js";
import { appVersionOf } from "../version.js";
import { directSmokeOf } from "./directSmoke.js";
import { assertSameEngine } from "./engineHost.js";
import { backupSiteOf, observedFromOutputs, stackOutputsSchema, type StackOutputs } from "./outputs.js";
import { kubeReach } from "./kubeReach.js";
import { dockerReach, type Reach } from "./reach.js";
import { awaitPreviewReady, smokePreview, trustedCa, verifyBurst } from "./smoke.js";

/** Where the Pulumi project lives and how its CLI runs. Default: the repository root and process.env. */
export type PulumiWorkspace = Omit<StackOptions, "stack">;

/**
 * A Pulumi stack (staging, prod, drills) driven through the Automation API wrapper in infra/automation:
 * the declared state is the stack config (`verifier:activeColour`, `verifier:releases`), and `up`
 * converges to it. An instance is a Pulumi stack of its own name (its containers are named after it).
 * Where the workloads run decides how they are reached (reach.ts): on Docker, health from the engine by
 * the container names the stack exports, a colour smoked directly on its preview listener (with
 * previewPorts), the backup runbooks exec'ing into the exported containers; on Kubernetes, pods and
 * logs through kubectl and each colour's Service through the API server's service proxy. Without the
 * Pulumi CLI every call fails at once with PULUMI_CLI_MISSING.
 */
export class PulumiTarget implements Target {
  readonly kind = "pulumi" as const;
  readonly tier: string;
  readonly files: { lock: string; releaseLog: string };
  readonly directSmoke: DirectSmoke;
  /** The project directory and the CLI's environment: a drill makes its own stack beside this one there. */
  readonly workspace: { root: string; env?: NodeJS.ProcessEnv };
  private readonly caFile: string;
  private readonly run: RunOptions;
  private readonly reach: Reach;
  /** The outputs as last read (shared while a read is in flight); cleared by every `up`. */
  private outputs?: Promise<StackOutputs>;
  private lastUrl?: string;

  constructor(
    private readonly cfg: StackConfig,
    readonly stack: string,
    readonly instance: string,
    repoRoot: string,
    workspace: PulumiWorkspace = {},
  ) {
    this.tier = cfg.tier;
    this.directSmoke = directSmokeOf(cfg, stack);
    const root = workspace.root ?? repoRoot;
    const paths = localPaths(root, instance);
    this.files = { lock: paths.lock, releaseLog: paths.releaseLog };
    this.caFile = paths.caCert;
    this.workspace = { ...workspace, root };
    this.run = { ...workspace, stack: instance, root, onOutput: (line) => say(`  pulumi: ${line.trimEnd()}`) };
    this.reach =
      cfg.kubernetes && cfg.target === "kubernetes"
        ? kubeReach(cfg.kubernetes, projectOf(instance), workspace.env)
        : dockerReach(instance, workspace.env, (out) => trustedCa(cfg, out, this.caFile));
  }

  private read(): Promise<StackOutputs> {
    this.outputs = outputs(this.run).then((map) => {
      const parsed = stackOutputsSchema.parse(Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.value])));
      assertSameEngine(this.instance, parsed.dockerHost, this.run.env ?? process.env);
      this.lastUrl = parsed.url;
      return parsed;
    });
    this.outputs.catch(() => (this.outputs = undefined)); // a failed read is not kept: the next look reads again
    return this.outputs;
  }

  private latest = (): Promise<StackOutputs> => this.outputs ?? this.read();

  /** Pulumi converges to the config; `up` completes only once the workloads pass their readiness checks. */
  private async apply(state: DeclaredState): Promise<void> {
    await this.declare(state);
    await up(this.run);
    this.outputs = undefined;
  }

  async observe(): Promise<Observed> {
    const out = await this.read();
    return observedFromOutputs(out, await this.reach.workloads(out), readReleases(this.files.releaseLog));
  }
  async start(_colour: Colour, render: DeclaredState): Promise<void> {
    await this.apply(render);
  }
  async awaitHealthy(colour: Colour): Promise<void> {
    const out = await this.read();
    if (out.apiImages[colour] === undefined)
      throw new RunbookError("DEPLOY_FAILED", `pulumi up finished but the stack exports no api image for ${colour}`);
    if (!this.directSmoke.able) return; // reachable only through the proxy, which `up` has proven
    const { url, caFile } = await this.reach.colour(out, colour);
    await awaitPreviewReady(url, caFile, colour);
  }
  /** What the colour's first api workload applied at boot, from its log (none to read: nothing reported). */
  async migrations(colour: Colour): Promise<MigrationReport> {
    const log = await this.reach.bootLog(await this.latest(), colour);
    return log === undefined ? { reported: false, applied: [] } : migrationsFromLog(log);
  }
  async smoke(colour: Colour, image: string): Promise<Verdict> {
    const { url, caFile } = await this.reach.colour(await this.latest(), colour);
    const version = appVersionOf(this.cfg, colour, image);
    return smokePreview(url, caFile, version === undefined ? { colour } : { colour, version });
  }
  async switchTraffic(from: Colour, to: Colour): Promise<SwitchReport> {
    const out = await this.latest();
    const started = Date.now();
    await this.apply({ activeColour: to, releases: out.apiImages });
    return { from, to, switchedAt: new Date().toISOString(), joinMs: Date.now() - started, drainMs: 0, undrained: 0 };
  }
  async verify(colour: Colour, image: string | undefined, requests: number): Promise<Verdict> {
    const { url, caFile } = await this.reach.main(await this.latest());
    const answers = await verifyBurst(url, caFile, requests);
    const version = image === undefined ? undefined : appVersionOf(this.cfg, colour, image);
    return judge(answers, version === undefined ? { colour } : { colour, version });
  }
  async declare(state: DeclaredState): Promise<void> {
    await setConfig(this.run, {
      activeColour: { value: state.activeColour },
      releases: { value: JSON.stringify(state.releases) },
    });
  }
  async health(): Promise<ContainerObservation[]> {
    return (await this.reach.workloads(await this.latest())).seen;
  }
  /** The stack's outputs as the runbooks read them (a drill takes the images its containers run from these). */
  stackOutputs(): Promise<StackOutputs> {
    return this.latest();
  }
  async backupSite(): Promise<BackupSite> {
    return backupSiteOf(await this.latest(), projectOf(this.instance), this.instance);
  }
  async backupJob(): Promise<BackupJob> {
    return this.reach.backupJob(await this.latest());
  }
  async restartColour(colour: Colour): Promise<string[]> {
    return this.reach.restartColour(await this.latest(), colour);
  }
  url(): string {
    return this.lastUrl ?? "(unknown until the stack's outputs are read)";
  }
  close(): Promise<void> {
    return this.reach.close();
  }
}
