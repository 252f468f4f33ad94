import type { Colour } from "../../config/schema.js";
import { httpProbe } from "../../model/hardening.js";
import { PORTS } from "../../model/ports.js";

/**
 * The imperative steps of an `up`, as argument lists (plain data, compared exactly in tests); the
 * Command resources only run them. Each runs on the release engineer's machine against the same
 * Docker host (DOCKER_HOST) or kubeconfig context the providers use.
 */

/** Readiness path: dependencies up and not draining (the proxy's backend check uses the same path). */
export const READY_PATH = "/health/ready";

/** The images' HTTP probe (the model's healthcheck tool) aimed at a host: exits non-zero unless it answers 2xx. */
function probe(host: string, port: number, path: string): string[] {
  const [, tool] = httpProbe(port, path);
  return [tool!, host, String(port), path];
}

/**
 * The image of the never-started file carriers: empty (nothing in it can run) and without a USER, so
 * the engine honours the owner of each uploaded file. Docker 20.10 resolves a copy target's configured
 * user by name on the host ("getent unable to find entry \"10001:10001\""), so a carrier made from the
 * service image (USER uid:gid) could not receive owned files there.
 */
export const dockerCarrierImage = (tag: string): string[] => [
  "docker",
  "import",
  "--change",
  'CMD ["/carrier-never-runs"]',
  "--message",
  "verifier file carrier: empty, never started",
  "/dev/null",
  tag,
];

export const dockerImageRemove = (tag: string): string[] => ["docker", "image", "rm", tag];

export const dockerPidsLimit = (container: string, pids: number): string[] => [
  "docker",
  "update",
  "--pids-limit",
  String(pids),
  container,
];

/**
 * Migrations run inside the api at boot (service/src/main.ts: under an advisory lock, before it
 * listens), so a replica that answers ready has migrated the schema it needs. The "migrated" step
 * proves that of a colour, is re-run whenever its image changes, and traffic waits for it.
 */
export const dockerMigrated = (apiContainer: string): string[] => [
  "docker",
  "exec",
  apiContainer,
  ...probe("127.0.0.1", PORTS.apiHttp, READY_PATH),
];

/** HAProxy in master-worker mode (-W) reloads its configuration on SIGUSR2 without dropping connections. */
export const dockerProxyReload = (proxyContainer: string): string[] => [
  "docker",
  "kill",
  "--signal",
  "SIGUSR2",
  proxyContainer,
];

/** From the proxy container, over the edge network: the active colour answers ready where traffic goes. */
export const dockerSmoke = (proxyContainer: string, active: Colour): string[] => [
  "docker",
  "exec",
  proxyContainer,
  ...probe(`api-${active}`, PORTS.apiHttp, READY_PATH),
];

export interface KubeTarget {
  context?: string;
  namespace: string;
}

export const kubectl = (target: KubeTarget, ...args: string[]): string[] => [
  "kubectl",
  ...(target.context ? ["--context", target.context] : []),
  "--namespace",
  target.namespace,
  ...args,
];

/** Names of the listed pods that are Ready and not being deleted, one a line (kubectl's go-template output). */
const READY_PODS =
  "{{range .items}}{{if not .metadata.deletionTimestamp}}{{$pod := .metadata.name}}{{range .status.conditions}}" +
  '{{if and (eq .type "Ready") (eq .status "True")}}{{$pod}}{{"\\n"}}{{end}}{{end}}{{end}}{{end}}';

/** How often, and how far apart, the migration probe looks for a Ready pod that answers: 60 s in all. */
export const MIGRATED_TRIES = { attempts: 30, intervalSeconds: 2 } as const;

/**
 * From inside one of the colour's pods, after its Deployment rolled out: the api answers ready, so it
 * migrated. The pod is a Ready one the Deployment's `selector` picks that is not being deleted:
 * `kubectl exec deployment/<name>` prefers the oldest pod, which right after a rollout or a destroy may
 * be one ending its grace period (the probe died with it, exit 137), and a pod whose container was just
 * restarted answers "container not running". So the line lists, picks, execs, and tries again 2 s later
 * until one answers or the tries are spent; then it says which pod it last tried, and fails.
 */
export function kubeMigrated(target: KubeTarget, deployment: string, selector: Record<string, string>): string[] {
  const labels = Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  const list = shellLine(kubectl(target, "get", "pods", "-l", labels, "-o", `go-template=${READY_PODS}`));
  const exec = shellLine(kubectl(target, "exec"));
  const check = shellLine(probe("127.0.0.1", PORTS.apiHttp, READY_PATH));
  const { attempts, intervalSeconds } = MIGRATED_TRIES;
  const gaveUp = `deployment/${deployment}: no Ready pod of it answered ready from inside in ${attempts} tries ${intervalSeconds} s apart`;
  return [
    "sh",
    "-c",
    `i=1; while :; do pod=$(${list} | head -n 1); ` +
      `if [ -n "$pod" ] && ${exec} "$pod" -- ${check}; then exit 0; fi; ` +
      `[ "$i" -lt ${attempts} ] || { echo "${gaveUp} (last: \${pod:-no Ready pod})" >&2; exit 1; }; ` +
      `i=$((i + 1)); sleep ${intervalSeconds}; done`,
  ];
}

/** Through the API server's service proxy to the active Service: the path traffic takes, from outside the pods. */
export const kubeSmoke = (target: KubeTarget, service: string): string[] =>
  kubectl(target, "get", "--raw", `/api/v1/namespaces/${target.namespace}/services/${service}:http/proxy${READY_PATH}`);

/** One POSIX shell line (local.Command runs `/bin/sh -c`): words quoted only when they need it. */
export function shellLine(argv: readonly string[]): string {
  return argv
    .map((word) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`))
    .join(" ");
}
