import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { destroy, preview, setConfig, up } from "../infra/automation/index.js";
import { ensureImages } from "../infra/images/build.js";
import { pushImages } from "../infra/images/push.js";
import { kubeProd, KUBE_PROD_OVERRIDES } from "../tests/support/kubeProd.js";
import { prodSecretConfig } from "../tests/support/prodSecrets.js";
import { opsOn } from "../tests/support/pulumiOps.js";
import { purgeDocker, testProject, type TestProject } from "../tests/support/pulumiStack.js";
import { REPO_ROOT } from "./stack.js";

/**
 * Prod's stack applied by the engine on the Kubernetes target (a cluster of its own, one real node on this
 * host's Docker engine) beside the same stack on the Docker target, in one run: `up` from nothing and a
 * no-change `preview` and `ops flip` (selector change on Kubernetes, the proxy's backends on Docker), with the
 * same replicas and CPU limits on both (tests/support/kubeProd.ts says why
 * they differ from prod's file). Also the cluster's set-up (start, the administrator's part) and `down`,
 * and with `--cold` the cluster's build from an empty cache. Prints one JSON.
 */
const { values } = parseArgs({ options: { cold: { type: "boolean", default: false } } });

const seconds = async (work: () => Promise<unknown>): Promise<number> => {
  const t = Date.now();
  await work();
  return Math.round((Date.now() - t) / 100) / 10;
};

function coldClusterBuildSeconds(): number {
  const cache = mkdtempSync(join(tmpdir(), "verifier-cluster-bench-"));
  const t = Date.now();
  try {
    const env = { ...process.env, VERIFIER_CLUSTER_CACHE: join(cache, "bin"), GOCACHE: join(cache, "gocache") };
    execFileSync("bash", [join(REPO_ROOT, "cluster", "build.sh")], { env, stdio: ["ignore", "ignore", "inherit"] });
    return Math.round((Date.now() - t) / 1000);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

async function onKubernetes() {
  let prod: Awaited<ReturnType<typeof kubeProd>> | undefined;
  const prepareSeconds = await seconds(async () => (prod = await kubeProd("benchk8s")));
  try {
    const upSeconds = await seconds(() => up(prod!.options()));
    const previewNoChangeSeconds = await seconds(() => preview({ ...prod!.options(), expectNoChanges: true }));
    const flipSeconds = await seconds(() => flip(prod!.project, prod!.overrides));
    return {
      prepareSeconds,
      upSeconds,
      previewNoChangeSeconds,
      flipSeconds,
      downSeconds: await seconds(() => prod!.close()),
    };
  } catch (e) {
    await prod!.close();
    throw e;
  }
}

async function onDocker() {
  const digests = await pushImages(await ensureImages({ repoRoot: REPO_ROOT }));
  const overrides = {
    ...KUBE_PROD_OVERRIDES,
    target: "docker",
    httpsPort: 18680,
    previewPorts: { blue: 18681, green: 18682 },
    images: { source: "registry", ...digests },
  };
  const project = await testProject("benchprodd", "prod", overrides);
  const opts = { stack: project.stackName, root: project.dir, env: project.env };
  try {
    await setConfig(opts, prodSecretConfig({ dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"] }));
    return {
      upSeconds: await seconds(() => up(opts)),
      previewNoChangeSeconds: await seconds(() => preview({ ...opts, expectNoChanges: true })),
      flipSeconds: await seconds(() => flip(project, overrides)),
      destroySeconds: await seconds(() => destroy({ ...opts, confirmed: true })),
    };
  } finally {
    await purgeDocker(project.model);
    project.remove();
  }
}

/** `ops flip --yes` on prod, as a release engineer runs it: smoke the idle colour, switch, verify, declare. */
async function flip(project: TestProject, overrides: Record<string, unknown>): Promise<void> {
  const { code, answer } = await opsOn(project, "prod", overrides, "flip", "--yes");
  if (code !== 0) throw new Error(`ops flip on ${project.stackName}: ${JSON.stringify(answer.error)}`);
}

const kubernetes = await onKubernetes();
const docker = await onDocker();
console.log(
  JSON.stringify({
    kubernetes,
    docker,
    upKubernetesOverDocker: Math.round((kubernetes.upSeconds / docker.upSeconds) * 100) / 100,
    flipKubernetesOverDocker: Math.round((kubernetes.flipSeconds / docker.flipSeconds) * 100) / 100,
    coldClusterBuildSeconds: values.cold ? coldClusterBuildSeconds() : null,
    notMeasured:
      "requests during the flip: tests/live/k8s-prod.test.ts and pulumi-runbooks.test.ts count them (none may fail)",
    notes:
      "prepare = images pushed, cluster started (binaries cached), volumes and the monitoring namespace made, stack config set; up = the wrapper's preview (policy pack) + up",
  }),
);
