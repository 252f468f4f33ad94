import { run } from "../../../infra/exec/run.js";
import { inspectHealth, waitHealthy } from "../../../infra/local/health.js";
import type { InstanceOptions } from "../../../infra/local/prepare.js";
import { prepare } from "../../../infra/local/prepare.js";
import { writeState } from "../../../infra/local/state.js";
import { composeUp, containerOf } from "../../../infra/local/up.js";
import { RunbookError } from "../../cli/errors.js";
import { judge, type Verdict } from "../../plan/judge.js";
import {
  otherColour,
  type Colour,
  type ContainerObservation,
  type DeclaredState,
  type Observed,
} from "../../plan/types.js";
import { burst } from "../burst.js";
import { appVersionOf } from "../version.js";
import { restartContainers } from "../restartContainers.js";
import { dockerBackupJob } from "../../backup/job.js";
import type { BackupJob, BackupSite, MigrationReport, SwitchReport, Target } from "../target.js";
import {
  COMPOSE_DEFAULTS,
  apiContainers,
  apiServices,
  composeContext,
  composeSite,
  proxyUrl,
  type ComposeContext,
} from "./context.js";
import { proxyRuntime, switchTraffic } from "./haproxy.js";
import { migrationsFromLog } from "../migrationLog.js";
import { observeCompose } from "./observe.js";
import { pinnedToRunning } from "./pinned.js";
import { smokeDirect } from "./smoke.js";

/** Compose would try to pull a missing image (there is no registry here): say so plainly instead. */
async function requireImage(image: string): Promise<void> {
  try {
    await run(["docker", "image", "inspect", "--format", "{{.Id}}", image]);
  } catch {
    throw new RunbookError(
      "DEPLOY_FAILED",
      `image ${image} is not on this host's Docker engine; build or load it first (\`docker image ls\` lists what is there)`,
    );
  }
}

/** A local instance run by Compose on this host; traffic moves through the proxy's runtime API. */
export class ComposeTarget implements Target {
  readonly kind = "compose" as const;
  readonly stack: string;
  readonly instance: string;
  readonly tier: string;
  readonly files: { lock: string; releaseLog: string };
  /** Every replica is reached on its own address on the edge network. */
  readonly directSmoke = { able: true } as const;
  private readonly c: ComposeContext;

  constructor(opts: InstanceOptions) {
    this.c = composeContext(opts);
    this.stack = opts.stack;
    this.instance = opts.instance ?? opts.stack;
    this.tier = this.c.cfg.tier;
    this.files = { lock: this.c.paths.lock, releaseLog: this.c.paths.releaseLog };
  }

  observe(): Promise<Observed> {
    return observeCompose(this.c);
  }

  async start(colour: Colour, render: DeclaredState): Promise<void> {
    const image = render.releases[colour];
    if (image !== undefined) await requireImage(image);
    const prepared = await prepare(await pinnedToRunning(this.c, render), render);
    await composeUp(prepared, apiServices(this.c, colour));
  }

  awaitHealthy(colour: Colour): Promise<void> {
    return waitHealthy(apiContainers(this.c, colour), COMPOSE_DEFAULTS.healthTimeoutMs);
  }

  async migrations(colour: Colour): Promise<MigrationReport> {
    const [first] = apiContainers(this.c, colour);
    return migrationsFromLog(await run(["docker", "logs", first ?? ""], { timeoutMs: 30_000 }));
  }

  /** The smoke client runs on the other colour's image (by id: known to work, even if its tag is gone). */
  async smoke(colour: Colour, image: string): Promise<Verdict> {
    const [other] = apiContainers(this.c, otherColour(colour));
    const client =
      other === undefined
        ? image
        : await run(["docker", "inspect", "--format", "{{.Image}}", other]).then(
            (id) => id.trim(),
            () => image,
          );
    return smokeDirect(this.c, colour, appVersionOf(this.c.cfg, colour, image), client);
  }

  switchTraffic(from: Colour, to: Colour): Promise<SwitchReport> {
    return switchTraffic(this.c, proxyRuntime(this.c), from, to);
  }

  async verify(colour: Colour, image: string | undefined, requests: number): Promise<Verdict> {
    const answers = await burst({
      url: `${proxyUrl(this.c)}/health/ready`,
      caFile: this.c.paths.caCert,
      requests,
      concurrency: COMPOSE_DEFAULTS.verifyConcurrency,
      timeoutMs: COMPOSE_DEFAULTS.requestTimeoutMs,
    });
    const version = image === undefined ? undefined : appVersionOf(this.c.cfg, colour, image);
    return judge(answers, version === undefined ? { colour } : { colour, version });
  }

  /** Re-renders every file (the proxy config names the new active colour), then writes the state file. */
  async declare(state: DeclaredState): Promise<void> {
    await prepare(await pinnedToRunning(this.c, state), state);
    writeState(this.c.paths.state, state);
  }

  async health(): Promise<ContainerObservation[]> {
    const names = this.c.model.services.map((s) => containerOf(this.c.model, s.name));
    const found = await Promise.all(
      names.map((n) => inspectHealth([n]).catch(() => [{ name: n, status: "absent", health: "none" }])),
    );
    return found.flat();
  }

  async backupSite(): Promise<BackupSite> {
    return composeSite(this.c);
  }

  async backupJob(): Promise<BackupJob> {
    return dockerBackupJob(composeSite(this.c));
  }

  async restartColour(colour: Colour): Promise<string[]> {
    return restartContainers(composeSite(this.c).api[colour]);
  }

  url(): string {
    return proxyUrl(this.c);
  }
}
