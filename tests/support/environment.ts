import { readFileSync } from "node:fs";
import type { UpResult } from "../../infra/local/up.js";
import { localPaths } from "../../infra/local/paths.js";
import type { EnvironmentModel, SecretName } from "../../infra/model/types.js";
import { exec } from "./docker.js";

/**
 * One running environment as the shared live checks see it, whichever rendering brought it up: the
 * Compose file on the local engine, or a real `pulumi up` of the Docker target. The checks read the
 * model (what must be true) and the engine (what is), so both renderings answer to the same test.
 */
export interface LiveEnvironment {
  rendering: "compose" | "pulumi";
  model: EnvironmentModel;
  url: string;
  caFile: string;
  container(service: string): string;
  network(name: string): string;
  /** A secret's value as the containers received it. */
  secretValue(name: SecretName): Promise<string>;
  /** What was rendered to deploy it, which must hold no secret in plain text: the Compose file, or the stack's state. */
  renderedArtifacts(): Promise<{ what: string; text: string }[]>;
}

export function composeEnvironment(stack: UpResult, repoRoot: string, instance: string): LiveEnvironment {
  const secrets = localPaths(repoRoot, instance).secrets;
  return {
    rendering: "compose",
    model: stack.model,
    url: stack.url,
    caFile: stack.caFile,
    container: (service) => `${stack.project}-${service}`,
    network: (name) => `${stack.project}-${name}`,
    secretValue: async (name) => readFileSync(`${secrets}/${name}`, "utf8"),
    renderedArtifacts: async () => [{ what: "the Compose file", text: readFileSync(stack.composeFile, "utf8") }],
  };
}

/** A secret read from inside a container that mounts it (Pulumi keeps the values only in its encrypted state). */
export async function secretFromContainer(
  model: EnvironmentModel,
  container: (service: string) => string,
  name: SecretName,
): Promise<string> {
  const holder = model.services.find((s) => s.secrets.includes(name));
  if (!holder) throw new Error(`no service of ${model.project} mounts secret ${name}`);
  return exec(container(holder.name), ["cat", `/run/secrets/${name}`]);
}
