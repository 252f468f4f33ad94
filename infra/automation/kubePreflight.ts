import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { stackConfigIfFiled } from "../config/load.js";
import type { StackConfig } from "../config/schema.js";
import { projectOf } from "../model/build.js";
import { INSTANCE_LABEL } from "../pulumi/kubernetes/names.js";

export type KubePreflightCode =
  | "KUBECONFIG_MISSING"
  | "KUBECTL_MISSING"
  | "KUBERNETES_UNREACHABLE"
  | "NAMESPACE_TAKEN"
  | "NAMESPACE_TERMINATING";

/** Why a stack on the Kubernetes target cannot be applied: one line, naming the object, the reason and the fix. */
export class KubePreflightError extends Error {
  constructor(
    readonly code: KubePreflightCode,
    message: string,
  ) {
    super(`${message} Nothing was changed.`);
    this.name = "KubePreflightError";
  }
}

export interface KubectlResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}
/** The I/O seam: `kubectl <args>` in the stack's environment (exit 127: not on PATH). */
export type Kubectl = (args: string[], env: NodeJS.ProcessEnv) => Promise<KubectlResult>;

/** The files kubectl and the provider read: KUBECONFIG's list, else ~/.kube/config. */
export function kubeconfigFiles(env: NodeJS.ProcessEnv): string[] {
  const listed = (env.KUBECONFIG ?? "").split(delimiter).filter((f) => f !== "");
  return listed.length > 0 ? listed : [join(env.HOME ?? homedir(), ".kube", "config")];
}

const lastLine = (text: string): string =>
  text
    .trim()
    .split("\n")
    .filter((l) => l.trim() !== "")
    .at(-1) ?? "no reason given";

/**
 * What a namespace that already exists says about applying this stack into it: nothing when it is this
 * stack's own (its instance label is the stack's project), else why not. `json` is `kubectl get namespace -o json`.
 */
export function namespaceProblem(stack: string, namespace: string, json: string): KubePreflightError | undefined {
  const found = JSON.parse(json) as { metadata?: { labels?: Record<string, string> }; status?: { phase?: string } };
  const owner = found.metadata?.labels?.[INSTANCE_LABEL];
  const ours = projectOf(stack);
  const file = `Pulumi.${stack}.yaml`;
  if (owner !== ours)
    return new KubePreflightError(
      "NAMESPACE_TAKEN",
      `namespace ${namespace}: holds ${owner ? `another release (${INSTANCE_LABEL}=${owner})` : `objects this program did not make (no ${INSTANCE_LABEL} label)`}, ` +
        `not ${ours}; applying would fail to create it or take it over. Set kubernetes.namespace in ${file} to a namespace of its own, ` +
        `or remove what holds it first${owner?.startsWith("verifier-") ? ` (\`npm run pulumi -- destroy --stack ${owner.slice("verifier-".length)}\`)` : ""}.`,
    );
  if (found.status?.phase === "Terminating")
    return new KubePreflightError(
      "NAMESPACE_TERMINATING",
      `namespace ${namespace}: is being deleted (phase Terminating); wait until \`kubectl get namespace ${namespace}\` finds nothing, then apply again.`,
    );
  return undefined;
}

/**
 * Before the engine runs the program of a stack on the Kubernetes target: a kubeconfig exists, its API
 * server answers /readyz, and the stack's namespace is absent or its own. Each failure is one line.
 */
export async function kubePreflight(
  stack: string,
  cfg: StackConfig,
  env: NodeJS.ProcessEnv,
  kubectl: Kubectl,
): Promise<void> {
  const k = cfg.kubernetes;
  if (cfg.target !== "kubernetes" || !k) return;
  const files = kubeconfigFiles(env);
  const where = `the kubeconfig${k.context ? `'s context ${k.context}` : "'s current context"}`;
  if (!files.some((f) => existsSync(f)))
    throw new KubePreflightError(
      "KUBECONFIG_MISSING",
      `Pulumi.${stack}.yaml targets Kubernetes, but no kubeconfig exists (KUBECONFIG=${env.KUBECONFIG ?? "(unset)"}; looked for ${files.join(", ")}). ` +
        'Export KUBECONFIG=<file> for the cluster (this repository\'s local one: eval "$(npm run -s cluster -- env)").',
    );
  const context = k.context ? ["--context", k.context] : [];
  const ready = await kubectl([...context, "get", "--raw", "/readyz", "--request-timeout=10s"], env);
  if (ready.exitCode === 127)
    throw new KubePreflightError(
      "KUBECTL_MISSING",
      `kubectl: not on PATH (PATH=${env.PATH ?? ""}); applying Pulumi.${stack}.yaml checks the cluster with it first. Put kubectl on PATH (this repository's: eval "$(npm run -s cluster -- env)").`,
    );
  if (ready.exitCode !== 0) {
    const server = await kubectl(
      [...context, "config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}"],
      env,
    );
    throw new KubePreflightError(
      "KUBERNETES_UNREACHABLE",
      `the API server of ${where} (${server.stdout.trim() || "server unknown"}) did not answer /readyz: ${lastLine(ready.stderr)}. ` +
        `Start the cluster, or point KUBECONFIG${k.context ? ` (or kubernetes.context in Pulumi.${stack}.yaml)` : ""} at one that answers.`,
    );
  }
  const ns = await kubectl([...context, "get", "namespace", k.namespace, "-o", "json", "--ignore-not-found"], env);
  if (ns.exitCode !== 0)
    throw new KubePreflightError(
      "KUBERNETES_UNREACHABLE",
      `namespace ${k.namespace}: could not be read through ${where}: ${lastLine(ns.stderr)}. The stack creates it: its credentials need rights on namespaces.`,
    );
  const problem = ns.stdout.trim() === "" ? undefined : namespaceProblem(stack, k.namespace, ns.stdout);
  if (problem) throw problem;
}

/**
 * The check for a stack of the repository at `root`, whichever way it is applied (the Automation API
 * wrapper, `npm run pulumi`): read from its stack file; without one (config set by other means) the
 * program judges the config alone.
 */
export async function checkStackCluster(
  stack: string,
  root: string,
  env: NodeJS.ProcessEnv,
  kubectl: Kubectl,
): Promise<void> {
  const config = stackConfigIfFiled(stack, root);
  if (config !== undefined) await kubePreflight(stack, config, env, kubectl);
}
