import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { down, startCluster, type StartedCluster } from "../../infra/cluster/index.js";
import { currentTunables } from "../../infra/cluster/sysctls.js";
import { run, succeeds } from "../../infra/exec/run.js";
import { ensureImages } from "../../infra/images/build.js";
import { pushImage } from "../../infra/images/push.js";
import { SERVICE_UIDS } from "../../infra/model/users.js";
import { REPO_ROOT } from "../support/instance.js";
import { type Kubectl, kubectlOf } from "../support/kube.js";

/**
 * A throwaway cluster whose one node is real (own state directory; `down` in afterAll whatever happens):
 * cri-dockerd, kubelet, kube-proxy and CoreDNS on this host's Docker engine. The subject is the api
 * image (its node runtime serves a few lines of HTTP), pulled by digest from the local registry and run
 * as its own non-root uid in a namespace Pod Security holds to `restricted`.
 */
const dir = mkdtempSync(join(tmpdir(), "k8s-nodes-"));
const stateDir = join(dir, "state");
const NS = "nodes-e2e";
const UID = SERVICE_UIDS.api;
let cluster: StartedCluster;
let image: string; // 127.0.0.1:5000/verifier/api@sha256:…
let kernelBefore: Record<string, string>; // the settings the kubelet changes, as the host had them

beforeAll(async () => {
  image = await pushImage((await ensureImages({ repoRoot: REPO_ROOT })).api);
  kernelBefore = currentTunables();
  const started = Date.now();
  cluster = await startCluster({ name: "nodes", stateDir, nodeRuntime: "docker" });
  process.stderr.write(`… docker-runtime cluster up in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
});

afterAll(async () => {
  try {
    await down({ stateDir }); // what the last test did not take down (it failed, or never ran)
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const kubectl: Kubectl = (args, input) => kubectlOf(cluster)(args, input);
const apply = (...objects: object[]) =>
  kubectl(["apply", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }));
const fetchIn = (pod: string, url: string) =>
  kubectl([
    "exec",
    "-n",
    NS,
    pod,
    "--",
    "node",
    "-e",
    // On failure the cause's code (ECONNREFUSED: no ready endpoint, so kube-proxy rejects; ETIMEDOUT: no rule) ends stderr.
    `fetch(${JSON.stringify(url)}).then((r) => r.text()).then(console.log, (e) => { console.error(e); console.error(e.cause?.code); process.exit(1); })`,
  ]);
const pinned = /^\s*k8s\.io\/kubernetes (v\S+)/m.exec(
  readFileSync(join(REPO_ROOT, "cluster/kubernetes/go.mod"), "utf8"),
)?.[1];

const SERVER = [
  "require('http').createServer((q, r) => { console.log('GET ' + q.url); r.end('hello from web\\n'); })",
  ".listen(8080, () => console.log('listening on 8080'));",
  "process.on('SIGTERM', () => process.exit(0));",
].join("");
const IDLE = "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1 << 30);";

/** A pod of the subject image that Pod Security's restricted profile admits: numeric non-root uid, no privileges. */
const pod = (name: string, script: string, extra: object = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: NS, labels: { app: name } },
  spec: {
    securityContext: {
      runAsNonRoot: true,
      runAsUser: UID,
      runAsGroup: UID,
      seccompProfile: { type: "RuntimeDefault" },
    },
    containers: [
      {
        name,
        image,
        command: ["node", "-e", script],
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        ...extra,
      },
    ],
  },
});
const web = () =>
  pod("web", SERVER, {
    imagePullPolicy: "Always", // a pull from the registry, though the engine holds the image already
    ports: [{ name: "http", containerPort: 8080 }],
    // Ready soon after it listens, and kept Ready on a host the other lanes load: three probes past the default
    // one-second timeout took it out of its Service's endpoints in a CI run, and the next request was refused.
    readinessProbe: {
      httpGet: { path: "/ready", port: "http" },
      periodSeconds: 1,
      timeoutSeconds: 10,
      failureThreshold: 30,
    },
  });
const service = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web", namespace: NS },
  spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
};

interface PodJson {
  metadata: { uid: string };
  status: { containerStatuses?: { ready: boolean; imageID: string }[] };
}

describe("a cluster whose node runs pods on the host's Docker engine", () => {
  it("registers its node Ready, on the pinned kubelet, with the bridge's address and Docker as its runtime", async () => {
    const node = JSON.parse(await kubectl(["get", "node", "verifier-node", "-o", "json"]));
    expect(node.status.conditions.find((c: { type: string }) => c.type === "Ready").status).toBe("True");
    expect(node.status.nodeInfo.kubeletVersion).toBe(pinned);
    expect(node.status.nodeInfo.containerRuntimeVersion).toMatch(/^docker:\/\/\d+\./);
    expect(node.status.addresses).toContainEqual({ type: "InternalIP", address: "10.244.0.1" });
  });

  it("pulls the image by digest from the local registry and makes it Ready in a restricted namespace", async () => {
    await kubectl(["create", "namespace", NS]);
    await kubectl(["label", "namespace", NS, "pod-security.kubernetes.io/enforce=restricted"]);
    const root = { ...pod("root", IDLE), spec: { containers: [{ name: "root", image }] } };
    await expect(apply(root)).rejects.toThrow(/violates PodSecurity "restricted:latest"/);
    const started = Date.now();
    await apply(web(), service);
    await kubectl(["wait", "-n", NS, "pod/web", "--for=condition=Ready", "--timeout=120s"]);
    process.stderr.write(`… pod web Ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    const status = JSON.parse(await kubectl(["get", "pod", "-n", NS, "web", "-o", "json"])) as PodJson;
    expect(image).toMatch(/^127\.0\.0\.1:5000\/verifier\/api@sha256:[0-9a-f]{64}$/);
    expect(status.status.containerStatuses?.[0]?.imageID).toMatch(new RegExp(`${image.split("@")[1]}$`));
    const pulled = await kubectl(["get", "events", "-n", NS, "--field-selector=reason=Pulled", "-o", "json"]);
    expect(JSON.parse(pulled).items.map((e: { message: string }) => e.message)).toContainEqual(
      expect.stringContaining(`Successfully pulled image "${image}"`),
    );
  });

  it("runs a command in it with kubectl exec, as the image's non-root uid", async () => {
    const out = await kubectl(["exec", "-n", NS, "web", "--", "node", "-e", "console.log(process.getuid())"]);
    expect(out.trim()).toBe(String(UID));
  });

  it("returns what it printed with kubectl logs", async () => {
    expect(await kubectl(["logs", "-n", NS, "web"])).toMatch(/^listening on 8080$/m);
  });

  it("is reached by a second pod through its ClusterIP Service, by DNS name and by address", async () => {
    await apply(pod("client", IDLE));
    await kubectl(["wait", "-n", NS, "pod/client", "--for=condition=Ready", "--timeout=120s"]);
    const clusterIp = await kubectl(["get", "service", "-n", NS, "web", "-o", "jsonpath={.spec.clusterIP}"]);
    expect(clusterIp).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(await fetchIn("client", `http://web.${NS}.svc.cluster.local/by-name`)).toBe("hello from web\n\n");
    expect(await fetchIn("client", `http://${clusterIp}/by-address`)).toBe("hello from web\n\n");
    const logs = await kubectl(["logs", "-n", NS, "web"]);
    expect([logs.match(/^GET \/by-name$/m)?.[0], logs.match(/^GET \/by-address$/m)?.[0]]).toEqual([
      "GET /by-name",
      "GET /by-address",
    ]);
  });

  it("is reached through the apiserver's service proxy", async () => {
    const path = `/api/v1/namespaces/${NS}/services/web:http/proxy/through-the-apiserver`;
    expect(await kubectl(["get", "--raw", path])).toBe("hello from web\n");
  });

  it("refuses a second docker-runtime cluster on this host, naming the running one", async () => {
    const other = join(dir, "other");
    const refused = startCluster({ name: "other", stateDir: other, nodeRuntime: "docker" });
    await expect(refused).rejects.toMatchObject({
      code: "CLUSTER_BUSY",
      message: expect.stringContaining(`cluster nodes (state ${stateDir}, since`),
    });
    expect(existsSync(join(other, "cluster.json"))).toBe(false);
  });

  it("takes the node down leaving no container, bridge, chain, mount or kernel setting of it behind", async () => {
    const pods = JSON.parse(await kubectl(["get", "pods", "-A", "-o", "json"])).items as PodJson[];
    const uids = pods.map((p) => p.metadata.uid);
    expect(uids).toHaveLength(2);
    expect(await down({ stateDir })).toBe(true);
    const left = await run(["docker", "ps", "-a", "--format", '{{.ID}} {{.Label "io.kubernetes.pod.uid"}} {{.Image}}']);
    expect(
      left.split("\n").filter((l) => uids.some((u) => l.includes(u)) || l.includes("verifier-cluster/pause")),
    ).toEqual([]);
    expect(await succeeds(["ip", "link", "show", "dev", "verifier-cni0"])).toBe(false);
    for (const tool of ["iptables", "ip6tables"])
      for (const table of ["filter", "nat", "mangle"])
        expect(await run([tool, "-w", "-t", table, "-S"])).not.toMatch(/^-N (KUBE-|VERIFIER-PODS)/m);
    expect(readFileSync("/proc/self/mountinfo", "utf8")).not.toContain(stateDir);
    expect(existsSync(stateDir)).toBe(false);
    expect(currentTunables()).toEqual(kernelBefore);
  });
});
