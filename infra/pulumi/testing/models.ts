import { parseStackConfig } from "../../config/load.js";
import { buildModel } from "../../model/build.js";
import type { EnvironmentModel, ServiceSpec } from "../../model/types.js";
import { resolveImages } from "../images.js";
import { builtImageEnv, rawStackConfig } from "./stacks.js";

/** The model of a real stack file (with overrides), images as the builder or the stack file gives them. */
export function modelOf(stack: string, overrides: Record<string, unknown> = {}): EnvironmentModel {
  const cfg = parseStackConfig(rawStackConfig(stack, overrides), stack);
  return buildModel(stack, cfg, resolveImages(stack, cfg, builtImageEnv()));
}

export function serviceOf(model: EnvironmentModel, name: string): ServiceSpec {
  const spec = model.services.find((s) => s.name === name);
  if (!spec) throw new Error(`no service ${name} in the ${model.stack} model`);
  return spec;
}
