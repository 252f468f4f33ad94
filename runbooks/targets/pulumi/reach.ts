import { run } from "../../../infra/exec/run.js";
import { observeContainer } from "../../../infra/local/health.js";
import { projectOf } from "../../../infra/model/build.js";
import { dockerBackupJob } from "../../backup/job.js";
import type { Colour } from "../../plan/types.js";
import { restartContainers } from "../restartContainers.js";
import type { BackupJob } from "../target.js";
import { backupSiteOf, type StackOutputs, type Workloads } from "./outputs.js";
import { previewUrlOf } from "./smoke.js";

/**
 * How the runbooks reach a Pulumi stack's colours and workloads, whichever target it runs on. Docker:
 * the proxy's listeners on this host and the containers the stack exports, through the Docker engine.
 * Kubernetes (kubeReach.ts): the API server, through kubectl.
 */
export interface Reach {
  /** Where clients reach the stack (the active colour), and the CA file to trust there (none: plain HTTP). */
  main(out: StackOutputs): Promise<{ url: string; caFile?: string }>;
  /** Where one colour answers directly, whether it serves or not. */
  colour(out: StackOutputs, colour: Colour): Promise<{ url: string; caFile?: string }>;
  workloads(out: StackOutputs): Promise<Workloads>;
  /** Where the backup job's CLI runs: the exported backup container (Docker), Jobs from the backup CronJob (Kubernetes). */
  backupJob(out: StackOutputs): BackupJob;
  /** Restarts the colour's api workloads without taking the colour down (see Target.restartColour). */
  restartColour(out: StackOutputs, colour: Colour): Promise<string[]>;
  /** The boot log of the colour's first api workload; undefined when there is none to read. */
  bootLog(out: StackOutputs, colour: Colour): Promise<string | undefined>;
  /** Releases what reaching the stack holds open. */
  close(): Promise<void>;
}

/** The Docker target: HTTPS through the proxy (its preview listeners for one colour), containers by name. */
export function dockerReach(
  stack: string,
  env: NodeJS.ProcessEnv | undefined,
  ca: (out: StackOutputs) => string,
): Reach {
  const opts = env ? { env } : {};
  return {
    main: async (out) => ({ url: out.url, caFile: ca(out) }),
    colour: async (out, colour) => ({ url: previewUrlOf(out, colour, stack), caFile: ca(out) }),
    async workloads(out) {
      const found = await Promise.all(out.containers.map((c) => observeContainer(c.container, env)));
      return { refs: out.containers, seen: found.map(({ name, status, health }) => ({ name, status, health })) };
    },
    backupJob: (out) => dockerBackupJob(backupSiteOf(out, projectOf(stack), stack), env),
    restartColour: (out, colour) =>
      restartContainers(
        out.containers.filter((c) => c.colour === colour).map((c) => c.container),
        env,
      ),
    async bootLog(out, colour) {
      const first = out.containers.find((c) => c.colour === colour)?.container;
      return first === undefined ? undefined : run(["docker", "logs", first], { timeoutMs: 30_000, ...opts });
    },
    close: async () => undefined,
  };
}
