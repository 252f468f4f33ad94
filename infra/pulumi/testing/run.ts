import type { EnvironmentModel } from "../../model/types.js";
import type { ProgramOutputs } from "../outputs.js";
import { program } from "../program.js";
import { runUnderMocks, plain, type Recorded } from "./harness.js";
import { modelOf } from "./models.js";
import { builtImageEnv, rawStackConfig, secretConfig } from "./stacks.js";

export interface StackRun {
  model: EnvironmentModel;
  resources: Recorded[];
  outputs: ProgramOutputs;
  /** Resources of one type token. */
  ofType(type: string): Recorded[];
  /** The resource of a type and name; throws with the names present when absent. */
  get(type: string, name: string): Recorded;
}

const runs = new Map<string, Promise<StackRun>>();

/**
 * Runs the real program for a stack file (with overrides) under mocks, with every secret configured.
 * The program is deterministic, so a test file reuses the run of an identical stack.
 */
export function runStack(
  stack: string,
  overrides: Record<string, unknown> = {},
  extraConfig: Record<string, string> = {},
): Promise<StackRun> {
  const key = JSON.stringify([stack, overrides, extraConfig]);
  if (!runs.has(key)) runs.set(key, freshRun(stack, overrides, extraConfig));
  return runs.get(key)!;
}

async function freshRun(
  stack: string,
  overrides: Record<string, unknown>,
  extraConfig: Record<string, string>,
): Promise<StackRun> {
  const { config, secretKeys } = secretConfig();
  const { resources, result } = await runUnderMocks(stack, { ...config, ...extraConfig }, secretKeys, () =>
    program(stack, rawStackConfig(stack, overrides), builtImageEnv()),
  );
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const get = (type: string, name: string) => {
    const found = resources.find((r) => r.type === type && r.name === name);
    if (!found)
      throw new Error(
        `no ${type} named ${name}; have: ${ofType(type)
          .map((r) => r.name)
          .join(", ")}`,
      );
    return found;
  };
  return { model: modelOf(stack, overrides), resources, outputs: result, ofType, get };
}

/** The resources as the policy pack sees them: plain values, named. */
export const subjects = (run: StackRun) =>
  run.resources.map((r) => ({ type: r.type, name: r.name, props: plain(r.inputs), urn: r.urn }));

export const T = {
  container: "docker:index/container:Container",
  network: "docker:index/network:Network",
  volume: "docker:index/volume:Volume",
  remoteImage: "docker:index/remoteImage:RemoteImage",
  command: "command:local:Command",
  k8sProvider: "pulumi:providers:kubernetes",
  namespace: "kubernetes:core/v1:Namespace",
  secret: "kubernetes:core/v1:Secret",
  service: "kubernetes:core/v1:Service",
  configMap: "kubernetes:core/v1:ConfigMap",
  pvc: "kubernetes:core/v1:PersistentVolumeClaim",
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  cronJob: "kubernetes:batch/v1:CronJob",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
} as const;
