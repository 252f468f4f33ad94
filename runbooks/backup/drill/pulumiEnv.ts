import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { destroy, openStack, outputs, up, type RunOptions } from "../../../infra/automation/index.js";
import { say } from "../../../infra/exec/progress.js";
import { run } from "../../../infra/exec/run.js";
import { projectOf } from "../../../infra/model/build.js";
import { purgeProject } from "../../../infra/pulumi/docker/purge.js";
import { stackOutputsSchema } from "../../targets/pulumi/outputs.js";
import { containerOf } from "../job.js";
import type { DrillEnv, DrillSite } from "./drillEnv.js";
import { freePort } from "./environment.js";
import { drillOverrides } from "./plan.js";
import { drillStackFile, drillStackYaml, emptyVolumeArgv } from "./pulumiPlan.js";
import type { DrillSource } from "./source.js";

/**
 * A drill of a Pulumi stack, into a stack `id` of Pulumi.drills.yaml in the same workspace (project
 * directory, backend, passphrase), applied by `pulumi up` with the policy pack like any stack. Every
 * service starts with the `up`; the restore then acts on its containers through the Docker engine.
 * Teardown is `destroy`, then the kept volumes, the stack and its file.
 */
export function pulumiDrill(
  repoRoot: string,
  workspace: { root: string; env?: NodeJS.ProcessEnv },
  id: string,
  src: DrillSource,
): DrillSite {
  const project = projectOf(id);
  const file = drillStackFile(workspace.root, id);
  const options: RunOptions = { ...workspace, stack: id, onOutput: (line) => say(`  pulumi: ${line.trimEnd()}`) };
  const scratch = mkdtempSync(join(tmpdir(), `verifier-${id}-`));
  return {
    async provision(cores: number): Promise<DrillEnv> {
      writeFileSync(file, drillStackYaml(repoRoot, drillOverrides(src.images, await freePort(), cores)));
      await up(options);
      const out = stackOutputsSchema.parse(
        Object.fromEntries(Object.entries(await outputs(options)).map(([k, v]) => [k, v.value])),
      );
      const caFile = join(scratch, "ca.crt");
      writeFileSync(caFile, out.tlsCertificate, { mode: 0o644 });
      const postgres = containerOf(project, "postgres");
      const api = out.containers.filter((c) => c.colour !== undefined).map((c) => c.container);
      return {
        project,
        url: out.url,
        caFile,
        startPostgres: async () => void (await run(["docker", "start", postgres])),
        emptyData: async () => {
          await run(["docker", "stop", "--time", "30", postgres], { timeoutMs: 60_000 });
          await run(emptyVolumeArgv(`${project}-pgdata`, src.images.postgres!), { timeoutMs: 10 * 60_000 });
        },
        startApp: async () => void (await run(["docker", "restart", ...api], { timeoutMs: 120_000 })),
      };
    },
    async teardown(): Promise<void> {
      const failures: string[] = [];
      await destroy({ ...options, confirmed: true }).catch((e: Error) =>
        failures.push(`pulumi destroy ${id}: ${e.message.split("\n")[0]}`),
      );
      await purgeProject(project).catch((e: Error) => failures.push(e.message));
      await openStack(options)
        .then((s) => s.workspace.removeStack(id, { force: true }))
        .catch((e: Error) => failures.push(`pulumi stack rm ${id}: ${e.message.split("\n")[0]}`));
      rmSync(file, { force: true });
      rmSync(scratch, { recursive: true, force: true });
      if (failures.length > 0) throw new Error(failures.join("; "));
    },
    keptNote:
      `kept running as Pulumi stack ${id} (--keep): remove it with \`npm run pulumi -- destroy --stack ${id} --yes\`, ` +
      `\`docker volume rm ${project}-pgdata ${project}-backups ${project}-prometheus-data\`, \`npm run pulumi -- stack rm ${id} --yes\` and deleting ${file}`,
  };
}
