import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../infra/exec/run.js";
import { localPaths } from "../../infra/local/paths.js";
import { needlesOf } from "./needles.js";
import { PULUMI_STACKS, scanStack } from "./pulumi.js";
import {
  projectContainers,
  readSecrets,
  scanFile,
  scanImages,
  scanInspect,
  scanLogs,
  type Finding,
} from "./sources.js";
import { projectOf } from "../../infra/model/build.js";

export interface AuditOptions {
  repoRoot: string;
  /** Instances under .local/ to audit. Default: every one that has generated secrets. */
  instances?: string[];
  /** Also run the Pulumi programs under mocks. Default true. */
  pulumi?: boolean;
  /** Progress lines (to stderr in the CLI). Default: silent. */
  progress?: (line: string) => void;
}

export interface AuditReport {
  /** What was looked at, for the record: "<instance>: <n> containers, <m> images", "pulumi <stack>". */
  checked: string[];
  findings: Finding[];
}

export function instancesWithSecrets(repoRoot: string): string[] {
  const dir = join(repoRoot, ".local");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(localPaths(repoRoot, name).secrets))
    .sort();
}

/** One instance: its rendered Compose file, and every container's inspect document, logs and image layers. */
export async function auditInstance(
  repoRoot: string,
  instance: string,
  progress: (l: string) => void,
): Promise<AuditReport> {
  const paths = localPaths(repoRoot, instance);
  const needles = needlesOf(readSecrets(paths.secrets));
  const project = projectOf(instance);
  const containers = await projectContainers(project);
  const images = [
    ...new Set(
      await Promise.all(
        containers.map(async (c) => (await run(["docker", "inspect", "--format", "{{.Config.Image}}", c])).trim()),
      ),
    ),
  ].sort();
  progress(`${instance}: ${needles.length} secrets, ${containers.length} containers, ${images.length} images`);
  const findings = [
    ...(existsSync(paths.compose) ? scanFile(paths.compose, needles) : []),
    ...(await scanInspect(containers, needles)),
    ...(await scanLogs(containers, needles)),
    ...(await scanImages(images, needles)),
  ];
  return {
    checked: [`${instance}: compose file, ${containers.length} containers (inspect, logs), ${images.length} images`],
    findings,
  };
}

export async function audit(opts: AuditOptions): Promise<AuditReport> {
  const progress = opts.progress ?? (() => undefined);
  const reports: AuditReport[] = [];
  for (const instance of opts.instances ?? instancesWithSecrets(opts.repoRoot))
    reports.push(await auditInstance(opts.repoRoot, instance, progress));
  if (opts.pulumi ?? true) {
    for (const stack of PULUMI_STACKS) {
      progress(`pulumi ${stack} under mocks`);
      reports.push({ checked: [`pulumi ${stack}`], findings: await scanStack(stack) });
    }
  }
  return { checked: reports.flatMap((r) => r.checked), findings: reports.flatMap((r) => r.findings) };
}
