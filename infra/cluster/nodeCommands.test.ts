import { describe, expect, it } from "vitest";
import { drainCommand } from "./nodeDown.js";
import { clusterPaths } from "./paths.js";
import { readinessWaits } from "./readiness.js";
import { importCommand } from "./nodeHost.js";

describe("a docker-runtime node's commands", () => {
  it("drains the node's pods through the API, waiting at most 60 s", () => {
    expect(drainCommand("/c/k1/bin", clusterPaths("/s"))).toEqual([
      "/c/k1/bin/kubectl",
      "--kubeconfig=/s/kubeconfig/admin.yaml",
      "delete",
      "pods",
      "--all-namespaces",
      "--field-selector=spec.nodeName=verifier-node",
      "--wait=true",
      "--timeout=60s",
    ]);
  });

  it("imports the sandbox image from the build's pause.tar with /pause as its entrypoint", () => {
    expect(importCommand("/c/k1/bin")).toEqual([
      "docker",
      "import",
      "--change",
      'ENTRYPOINT ["/pause"]',
      "/c/k1/bin/pause.tar",
      "verifier-cluster/pause:k1",
    ]);
  });

  it("waits for the kubelet's node, kube-proxy's rules and CoreDNS, blaming each", () => {
    const waits = readinessWaits("https://127.0.0.1:1", clusterPaths("/s"), "docker", ["verifier-node"]);
    expect(waits.map((w) => [w.suspect, w.what])).toEqual([
      ["kube-apiserver", "the apiserver's /readyz"],
      ["kubelet", "nodes verifier-node Ready, untainted, their leases held by kubelet"],
      ["kube-controller-manager", "the default service account (the controller-manager at work)"],
      ["kube-proxy", "kube-proxy's rules synced (http://10.244.0.1:10256/healthz)"],
      ["coredns", "CoreDNS ready (http://10.244.0.1:8181/ready)"],
    ]);
    const kwok = readinessWaits("https://127.0.0.1:1", clusterPaths("/s"), "kwok", ["kwok-node-0"]);
    expect(kwok.map((w) => w.suspect)).toEqual(["kube-apiserver", "kwok", "kube-controller-manager"]);
  });
});
