import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadStackConfig } from "../config/load.js";
import {
  checkStackCluster,
  type Kubectl,
  type KubectlResult,
  kubeconfigFiles,
  kubePreflight,
} from "./kubePreflight.js";

const ROOT = join(import.meta.dirname, "..", "..");
const prod = loadStackConfig("prod", ROOT);
const dir = mkdtempSync(join(tmpdir(), "kube-preflight-"));
const kubeconfig = join(dir, "admin.yaml");
writeFileSync(kubeconfig, "apiVersion: v1\nkind: Config\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ok = (stdout = ""): KubectlResult => ({ exitCode: 0, stdout, stderr: "" });
const namespaceJson = (labels: Record<string, string>, phase = "Active") =>
  JSON.stringify({ metadata: { name: "verifier", labels }, status: { phase } });

/** A kubectl that answers by its argv's verb, and records every call. */
function fakeKubectl(answers: { readyz?: KubectlResult; server?: string; namespace?: KubectlResult }) {
  const calls: string[][] = [];
  const kubectl: Kubectl = async (args) => {
    calls.push(args);
    if (args.includes("/readyz")) return answers.readyz ?? ok("ok");
    if (args.includes("view")) return ok(answers.server ?? "https://10.0.0.1:6443");
    return answers.namespace ?? ok("");
  };
  return { kubectl, calls };
}

const env = { KUBECONFIG: kubeconfig, PATH: "/usr/bin" };

describe("the checks before a stack on the Kubernetes target is applied", () => {
  it("pass for a reachable cluster whose namespace is absent, asking readyz then the namespace", async () => {
    const { kubectl, calls } = fakeKubectl({});
    await kubePreflight("prod", prod, env, kubectl);
    expect(calls).toEqual([
      ["get", "--raw", "/readyz", "--request-timeout=10s"],
      ["get", "namespace", "verifier", "-o", "json", "--ignore-not-found"],
    ]);
  });

  it("pass when the namespace is this stack's own, and name the kubeconfig context when one is set", async () => {
    const { kubectl, calls } = fakeKubectl({
      namespace: ok(namespaceJson({ "app.kubernetes.io/instance": "verifier-prod" })),
    });
    const cfg = { ...prod, kubernetes: { ...prod.kubernetes!, context: "ministry" } };
    await kubePreflight("prod", cfg, env, kubectl);
    expect(calls.map((c) => c.slice(0, 2))).toEqual([
      ["--context", "ministry"],
      ["--context", "ministry"],
    ]);
  });

  it("read a repository stack from its file, and leave a stack without one to the program", async () => {
    const { kubectl, calls } = fakeKubectl({});
    await checkStackCluster("prod", ROOT, env, kubectl);
    expect(calls.length).toBe(2);
    await checkStackCluster("prod", dir, env, kubectl);
    expect(calls.length).toBe(2);
  });

  it("do nothing for a stack on the Docker target", async () => {
    const { kubectl, calls } = fakeKubectl({});
    await kubePreflight("local", loadStackConfig("local", ROOT), {}, kubectl);
    expect(calls).toEqual([]);
  });

  it("refuse a missing kubeconfig, naming what was looked for and how to get one", async () => {
    const missing = join(dir, "nowhere.yaml");
    const { kubectl, calls } = fakeKubectl({});
    await expect(kubePreflight("prod", prod, { KUBECONFIG: missing }, kubectl)).rejects.toMatchObject({
      code: "KUBECONFIG_MISSING",
      message: `Pulumi.prod.yaml targets Kubernetes, but no kubeconfig exists (KUBECONFIG=${missing}; looked for ${missing}). Export KUBECONFIG=<file> for the cluster (this repository's local one: eval "$(npm run -s cluster -- env)"). Nothing was changed.`,
    });
    expect(calls).toEqual([]);
  });

  it("look for ~/.kube/config when KUBECONFIG is unset, and every file of a list when set", () => {
    expect(kubeconfigFiles({ HOME: "/home/re" })).toEqual(["/home/re/.kube/config"]);
    expect(kubeconfigFiles({ KUBECONFIG: "/a:/b:", HOME: "/home/re" })).toEqual(["/a", "/b"]);
  });

  it("refuse when kubectl is not on PATH", async () => {
    const { kubectl } = fakeKubectl({ readyz: { exitCode: 127, stdout: "", stderr: "kubectl: command not found" } });
    await expect(kubePreflight("prod", prod, env, kubectl)).rejects.toMatchObject({
      code: "KUBECTL_MISSING",
      message: expect.stringMatching(/^kubectl: not on PATH \(PATH=\/usr\/bin\); applying Pulumi\.prod\.yaml/),
    });
  });

  it("refuse an API server that does not answer, naming it and kubectl's last line", async () => {
    const refused =
      "E1206 dial tcp 127.0.0.1:1: connect: connection refused\nThe connection to the server 127.0.0.1:1 was refused\n";
    const { kubectl } = fakeKubectl({
      readyz: { exitCode: 1, stdout: "", stderr: refused },
      server: "https://127.0.0.1:1",
    });
    await expect(kubePreflight("prod", prod, env, kubectl)).rejects.toMatchObject({
      code: "KUBERNETES_UNREACHABLE",
      message:
        "the API server of the kubeconfig's current context (https://127.0.0.1:1) did not answer /readyz: The connection to the server 127.0.0.1:1 was refused. " +
        "Start the cluster, or point KUBECONFIG at one that answers. Nothing was changed.",
    });
  });

  it("refuse a namespace that holds another release, naming it and the way out", async () => {
    const { kubectl } = fakeKubectl({
      namespace: ok(namespaceJson({ "app.kubernetes.io/instance": "verifier-staging" })),
    });
    await expect(kubePreflight("prod", prod, env, kubectl)).rejects.toMatchObject({
      code: "NAMESPACE_TAKEN",
      message:
        "namespace verifier: holds another release (app.kubernetes.io/instance=verifier-staging), not verifier-prod; applying would fail to create it or take it over. " +
        "Set kubernetes.namespace in Pulumi.prod.yaml to a namespace of its own, or remove what holds it first (`npm run pulumi -- destroy --stack staging`). Nothing was changed.",
    });
  });

  it("refuse a namespace this program did not make, and one being deleted", async () => {
    const foreign = fakeKubectl({ namespace: ok(namespaceJson({ team: "payments" })) });
    await expect(kubePreflight("prod", prod, env, foreign.kubectl)).rejects.toMatchObject({
      code: "NAMESPACE_TAKEN",
      message: expect.stringContaining("holds objects this program did not make (no app.kubernetes.io/instance label)"),
    });
    const ending = fakeKubectl({
      namespace: ok(namespaceJson({ "app.kubernetes.io/instance": "verifier-prod" }, "Terminating")),
    });
    await expect(kubePreflight("prod", prod, env, ending.kubectl)).rejects.toMatchObject({
      code: "NAMESPACE_TERMINATING",
    });
  });

  it("refuse a namespace it may not read, with the API server's reason", async () => {
    const forbidden =
      'Error from server (Forbidden): namespaces "verifier" is forbidden: User "re" cannot get resource\n';
    const { kubectl } = fakeKubectl({ namespace: { exitCode: 1, stdout: "", stderr: forbidden } });
    await expect(kubePreflight("prod", prod, env, kubectl)).rejects.toMatchObject({
      code: "KUBERNETES_UNREACHABLE",
      message: expect.stringContaining(
        `namespace verifier: could not be read through the kubeconfig's current context: ${forbidden.trim()}.`,
      ),
    });
  });
});
