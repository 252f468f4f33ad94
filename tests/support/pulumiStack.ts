import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation/index.js";
import { deepMerge, loadStackConfig } from "../../infra/config/load.js";
import { ensureImages } from "../../infra/images/build.js";
import { buildModel } from "../../infra/model/build.js";
import type { EnvironmentModel } from "../../infra/model/types.js";
import { imageEnvName } from "../../infra/pulumi/images.js";
import { ensureEngine, withEngine } from "../../infra/automation/engine.js";
import { SERVICE_ROLES } from "../../infra/config/schema.js";
import { REPO_ROOT } from "./instance.js";
import { secretFromContainer, type LiveEnvironment } from "./environment.js";
import type { OutputMap } from "@pulumi/pulumi/automation/index.js";
import { run } from "../../infra/exec/run.js";
import { purgeProject } from "../../infra/pulumi/docker/purge.js";

/**
 * A throwaway Pulumi project for a live test: this repository's program (symlinked, so it runs from the
 * repository's files), one stack whose config is a repository stack file with overrides merged in (its own name,
 * so its containers never meet a developer's), a file backend and a generated passphrase in a temp
 * directory. Nothing of it is left in the repository.
 */
export interface TestProject {
  dir: string;
  stackName: string;
  env: NodeJS.ProcessEnv;
  model: EnvironmentModel;
  images: Record<string, string>;
  stack(): Promise<Stack>;
  remove(): void;
}

const LINKED = ["infra", "node_modules", "package.json", "tsconfig.json", "service", "monitoring"];

export interface ProjectOptions {
  /** The program's entry instead of the repository's (`main` of Pulumi.yaml), and files to write for it. */
  main?: string;
  files?: Record<string, string>;
}

export async function testProject(
  stackName: string,
  base: string,
  overrides: Record<string, unknown>,
  options: ProjectOptions = {},
): Promise<TestProject> {
  const bin = ensureEngine(REPO_ROOT);
  const tags = await ensureImages({ repoRoot: REPO_ROOT });
  const dir = mkdtempSync(join(tmpdir(), `verifier-pulumi-${stackName}-`));
  for (const name of LINKED) symlinkSync(join(REPO_ROOT, name), join(dir, name));
  mkdirSync(join(dir, ".state"));
  const project = parseYaml(readFileSync(join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
  delete project.backend; // PULUMI_BACKEND_URL below points at this project's own state
  if (options.main) project.main = options.main;
  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, "Pulumi.yaml"), stringifyYaml(project));
  const file = (
    parseYaml(readFileSync(join(REPO_ROOT, `Pulumi.${base}.yaml`), "utf8")) as { config: Record<string, unknown> }
  ).config;
  // Merged as `ops --config` merges them, so the runbooks' view of the stack is the stack's own.
  const prefixed = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [`verifier:${k}`, v]));
  const config = deepMerge(file, prefixed);
  writeFileSync(join(dir, `Pulumi.${stackName}.yaml`), stringifyYaml({ config }));
  const images = Object.fromEntries(SERVICE_ROLES.map((role) => [imageEnvName(role), tags[role]]));
  const env = withEngine(
    {
      ...process.env,
      ...images,
      PULUMI_BACKEND_URL: `file://${join(dir, ".state")}`,
      PULUMI_CONFIG_PASSPHRASE: `test-${process.pid}-${Date.now()}`,
      PULUMI_HOME: join(dir, ".pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
    },
    bin,
  );
  const cfg = loadStackConfig(stackName, dir);
  const model = buildModel(stackName, cfg, tags);
  return {
    dir,
    stackName,
    env,
    model,
    images,
    stack: () =>
      LocalWorkspace.createOrSelectStack({ stackName, workDir: dir }, { envVars: env as Record<string, string> }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Whatever is left of a test project on the Docker engine (a failed test may leave a half-applied stack):
 * its containers, networks, volumes and carrier image, found by the project's name prefix.
 */
export const purgeDocker = (model: EnvironmentModel): Promise<void> => purgeProject(model.project);

/** A stack the engine applied, as the shared live suites see it: the CA is the stack's own certificate output. */
export function pulumiEnvironment(project: TestProject, outputs: OutputMap): LiveEnvironment {
  const model = project.model;
  const caFile = join(project.dir, "ca.crt");
  writeFileSync(caFile, String(outputs.tlsCertificate?.value ?? ""));
  const container = (service: string) => `${model.project}-${service}`;
  return {
    rendering: "pulumi",
    model,
    url: String(outputs.url?.value),
    caFile,
    container,
    network: (name) => `${model.project}-${name}`,
    secretValue: (name) => secretFromContainer(model, container, name),
    renderedArtifacts: async () => [
      {
        what: "the stack's state",
        text: await run(["pulumi", "stack", "export", "--stack", project.stackName], {
          cwd: project.dir,
          env: project.env,
        }),
      },
    ],
  };
}
