import { parseStackConfig } from "../config/load.js";
import { buildModel } from "../model/build.js";
import { renderDocker } from "./docker/render.js";
import { resolveImages } from "./images.js";
import { renderKubernetes } from "./kubernetes/render.js";
import type { ProgramOutputs } from "./outputs.js";

/**
 * The whole Pulumi program for one stack: validate the config, resolve images, build the model, and
 * render it with the target the stack names. `raw` holds the stack's non-secret `verifier:` keys;
 * secrets are read from Pulumi config where they are used. Callable in-process under mocks.
 */
export function program(
  stack: string,
  raw: Record<string, unknown>,
  env: Record<string, string | undefined> = process.env,
): ProgramOutputs {
  const cfg = parseStackConfig(raw, `Pulumi.${stack}.yaml`);
  const images = resolveImages(stack, cfg, env);
  const model = buildModel(stack, cfg, images);
  return cfg.target === "kubernetes" ? renderKubernetes(model, images) : renderDocker(model, images);
}
