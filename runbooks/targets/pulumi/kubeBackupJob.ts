import { randomBytes } from "node:crypto";
import { basename } from "node:path";
import { DATABASE } from "../../../infra/model/database.js";
import { run } from "../../../infra/exec/run.js";
import { BACKUP_CRONJOB } from "../../../infra/pulumi/kubernetes/names.js";
import { kubectl, type KubeTarget } from "../../../infra/pulumi/steps/plan.js";
import { BackupRunbookError } from "../../backup/errors.js";
import { needsOperator, SUPERUSER_SECRET } from "../../backup/job.js";
import { pollUntil } from "../poll.js";
import type { BackupJob } from "../target.js";

interface Container {
  name: string;
  args?: string[];
  env?: { name: string; value?: string; [field: string]: unknown }[];
  [field: string]: unknown;
}
interface Volume {
  name: string;
  secret?: { items?: { key: string; path: string }[]; [field: string]: unknown };
  [field: string]: unknown;
}
interface PodSpec {
  containers: Container[];
  volumes?: Volume[];
  [field: string]: unknown;
}
interface CronJob {
  spec: {
    jobTemplate: {
      metadata?: { labels?: Record<string, string> };
      spec: { template: { metadata?: object; spec: PodSpec } };
    };
  };
}
interface JobStatus {
  status?: { succeeded?: number; failed?: number };
}

/** Labels every Job the runbooks make, so one left behind by a killed run is found by it. */
export const ASK_LABEL = "verifier/backup-ask";

/**
 * A Job running `main.js <args>` from the backup CronJob's template: same image, hardening, claim, secret
 * and placement as a scheduled run; one attempt, no restart; removed by the cluster an hour after it ends.
 * The template's container runs `node main.js run`: its last argument is the job's command.
 */
export function askJobOf(cron: CronJob, name: string, args: string[]): object {
  const template = cron.spec.jobTemplate;
  const pod = needsOperator(args) ? asOperator(template.spec.template.spec) : template.spec.template.spec;
  const [first, ...others] = pod.containers;
  if (!first?.args?.length) throw new Error(`cronjob/${BACKUP_CRONJOB}: its container has no args to replace`);
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, labels: { ...template.metadata?.labels, [ASK_LABEL]: args[0] ?? "" } },
    spec: {
      ...template.spec,
      backoffLimit: 0,
      ttlSecondsAfterFinished: 3600,
      template: {
        ...template.spec.template,
        spec: {
          ...pod,
          restartPolicy: "Never",
          containers: [{ ...first, args: [...first.args.slice(0, -1), ...args] }, ...others],
        },
      },
    },
  };
}

/**
 * The pod of an operator command (runbooks/backup/job.ts, needsOperator): the job logs in as the
 * superuser, whose password key of the stack's Secret joins its secrets volume for this Job alone.
 */
function asOperator(pod: PodSpec): PodSpec {
  const key = basename(SUPERUSER_SECRET);
  const login: Record<string, string> = { DATABASE_USER: DATABASE.user, DATABASE_PASSWORD_FILE: SUPERUSER_SECRET };
  const volumes = pod.volumes ?? [];
  const secrets = volumes.find((v) => v.name === "secrets" && v.secret?.items);
  if (!secrets) throw new Error(`cronjob/${BACKUP_CRONJOB}: its pod has no "secrets" volume to add ${key} to`);
  const [first, ...others] = pod.containers;
  const env = (first?.env ?? []).map((e) => (e.name in login ? { name: e.name, value: login[e.name] } : e));
  const missing = Object.keys(login).filter((n) => !env.some((e) => e.name === n));
  if (missing.length > 0) throw new Error(`cronjob/${BACKUP_CRONJOB}: its container sets no ${missing.join(", ")}`);
  return {
    ...pod,
    containers: [{ ...first!, env }, ...others],
    volumes: volumes.map((v) =>
      v === secrets ? { ...v, secret: { ...v.secret, items: [...(v.secret?.items ?? []), { key, path: key }] } } : v,
    ),
  };
}

/** The backup job of a stack on Kubernetes: each ask a Job from its CronJob, waited for, its log the answer. */
export function kubeBackupJob(target: KubeTarget, project: string, env: NodeJS.ProcessEnv | undefined): BackupJob {
  const opts = { timeoutMs: 60_000, ...(env ? { env } : {}) };
  return {
    project,
    describe: (args) =>
      `main.js ${args.join(" ")} in a Job from cronjob/${BACKUP_CRONJOB} (namespace ${target.namespace})`,
    async ask(args, timeoutMs) {
      const cron = JSON.parse(await run(kubectl(target, "get", "cronjob", BACKUP_CRONJOB, "-o", "json"), opts));
      const name = `${BACKUP_CRONJOB}-${args[0]}-${randomBytes(3).toString("hex")}`;
      await run(kubectl(target, "create", "-f", "-"), { ...opts, input: JSON.stringify(askJobOf(cron, name, args)) });
      try {
        const { value, settled } = await pollUntil(
          async () => JSON.parse(await run(kubectl(target, "get", "job", name, "-o", "json"), opts)) as JobStatus,
          (j) => (j.status?.succeeded ?? 0) > 0 || (j.status?.failed ?? 0) > 0,
          { timeoutMs, everyMs: 1_000 },
        );
        const log = await run(kubectl(target, "logs", `job/${name}`), opts);
        if (settled && (value.status?.succeeded ?? 0) > 0) return log;
        throw new BackupRunbookError(
          "BACKUP_JOB_FAILED",
          `job/${name} (main.js ${args.join(" ")}, namespace ${target.namespace}) ${settled ? "failed" : `did not finish within ${timeoutMs} ms`}: ${log.trim().split("\n").slice(-5).join(" | ") || "no log"}`,
        );
      } finally {
        await run(kubectl(target, "delete", "job", name, "--wait=false", "--cascade=background"), opts).catch(
          () => undefined,
        );
      }
    },
  };
}
