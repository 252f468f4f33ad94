import { describe, expect, it } from "vitest";
import { clusterPaths } from "./paths.js";
import { kubeProxyCleanup, sandboxImageRef } from "./nodePlan.js";
import { processPlan } from "./plan.js";

const input = {
  name: "t1",
  binDir: "/c/k1/bin",
  paths: clusterPaths("/s"),
  ports: { etcdClient: 2001, etcdPeer: 2002, apiserver: 2003, controllerManager: 2004, scheduler: 2005 },
  nodeRuntime: "docker" as const,
};
const specOf = (component: string) => processPlan(input).find((p) => p.component === component);

describe("dockerNodePlan", () => {
  it("runs cri-dockerd on the host's engine with CNI from /usr/lib/cni and everything else under the state directory", () => {
    expect(specOf("cri-dockerd")).toEqual({
      component: "cri-dockerd",
      argv: [
        "/c/k1/bin/cri-dockerd",
        "--container-runtime-endpoint=unix:///s/node/cri-dockerd.sock",
        "--cri-dockerd-root-directory=/s/node/cri-dockerd",
        "--docker-endpoint=unix:///var/run/docker.sock",
        "--pod-infra-container-image=verifier-cluster/pause:k1",
        "--network-plugin=cni",
        "--cni-conf-dir=/s/node/cni",
        "--cni-bin-dir=/usr/lib/cni",
        "--cni-cache-dir=/s/node/cni-cache",
        "--streaming-bind-addr=127.0.0.1",
      ],
      socket: "/s/node/cri-dockerd.sock",
    });
  });

  it("runs the kubelet from its configuration file as the node verifier-node on the bridge's address", () => {
    expect(specOf("kubelet")).toEqual({
      component: "kubelet",
      argv: [
        "/c/k1/bin/kubelet",
        "--config=/s/node/kubelet.yaml",
        "--kubeconfig=/s/kubeconfig/kubelet.yaml",
        "--root-dir=/s/node/kubelet",
        "--cert-dir=/s/node/kubelet/pki",
        "--hostname-override=verifier-node",
        "--node-ip=10.244.0.1",
      ],
    });
  });

  it("runs kube-proxy and CoreDNS from their configuration files", () => {
    expect(specOf("kube-proxy")?.argv).toEqual(["/c/k1/bin/kube-proxy", "--config=/s/node/kube-proxy.yaml"]);
    expect(specOf("coredns")?.argv).toEqual(["/c/k1/bin/coredns", "-conf=/s/node/Corefile"]);
  });

  it("names the sandbox image after the build's cache key, and undoes kube-proxy with its own --cleanup", () => {
    expect(sandboxImageRef("/home/u/.cache/verifier-cluster/0123abcd/bin")).toBe("verifier-cluster/pause:0123abcd");
    expect(kubeProxyCleanup("/c/k1/bin")).toEqual(["/c/k1/bin/kube-proxy", "--cleanup"]);
  });
});

describe("processPlan with a docker-runtime node", () => {
  const kwok = { ...input, binDir: "/bin/c", nodeRuntime: "kwok" as const };
  const argvOf = (component: string) => processPlan(kwok).find((p) => p.component === component)?.argv;
  const dockerArgv = (component: string) => processPlan(input).find((p) => p.component === component)?.argv;

  it("starts the control plane, then cri-dockerd, the kubelet, kube-proxy and CoreDNS instead of kwok", () => {
    expect(processPlan(input).map((p) => p.component)).toEqual([
      "etcd",
      "kube-apiserver",
      "kube-controller-manager",
      "kube-scheduler",
      "cri-dockerd",
      "kubelet",
      "kube-proxy",
      "coredns",
    ]);
  });

  it("lets the apiserver call the kubelet with its own certificate, checking the kubelet's against the CA by InternalIP", () => {
    expect(dockerArgv("kube-apiserver")?.slice(argvOf("kube-apiserver")!.length)).toEqual([
      "--kubelet-client-certificate=/s/pki/apiserver-kubelet-client.crt",
      "--kubelet-client-key=/s/pki/apiserver-kubelet-client.key",
      "--kubelet-certificate-authority=/s/pki/ca.crt",
      "--kubelet-preferred-address-types=InternalIP",
    ]);
    expect(dockerArgv("kube-apiserver")?.slice(1, argvOf("kube-apiserver")!.length)).toEqual(
      argvOf("kube-apiserver")?.slice(1),
    );
    expect(argvOf("kube-apiserver")?.some((a) => a.startsWith("--kubelet-"))).toBe(false);
  });

  it("binds nothing beyond loopback and the node's bridge address", () => {
    const addresses = processPlan(input)
      .flatMap((p) => p.argv)
      .flatMap((a) => [...a.matchAll(/\b(\d+\.\d+\.\d+\.\d+)\b(?!\/)/g)].map((m) => m[1])); // not ranges
    expect(new Set(addresses)).toEqual(new Set(["127.0.0.1", "10.244.0.1"]));
  });
});
