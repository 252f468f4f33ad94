import { describe, expect, it } from "vitest";
import { kubeletConfig, kubeProxyConfig } from "./nodeConfig.js";
import { clusterPaths } from "./paths.js";

const paths = clusterPaths("/s");

describe("kubeletConfig", () => {
  it("is the whole KubeletConfiguration: authn/authz by the apiserver, cgroupfs on cgroup v1, DNS, low eviction, no image GC", () => {
    expect(kubeletConfig(paths)).toEqual({
      apiVersion: "kubelet.config.k8s.io/v1beta1",
      kind: "KubeletConfiguration",
      address: "10.244.0.1",
      port: 10250,
      readOnlyPort: 0,
      healthzBindAddress: "10.244.0.1",
      healthzPort: 10248,
      tlsCertFile: "/s/pki/kubelet-serving.crt",
      tlsPrivateKeyFile: "/s/pki/kubelet-serving.key",
      authentication: {
        anonymous: { enabled: false },
        webhook: { enabled: true },
        x509: { clientCAFile: "/s/pki/ca.crt" },
      },
      authorization: { mode: "Webhook" },
      containerRuntimeEndpoint: "unix:///s/node/cri-dockerd.sock",
      cgroupDriver: "cgroupfs",
      cgroupsPerQOS: false,
      enforceNodeAllocatable: [],
      failCgroupV1: false,
      failSwapOn: false,
      clusterDNS: ["10.244.0.1"],
      clusterDomain: "cluster.local",
      resolvConf: "",
      podLogsDir: "/s/node/pod-logs",
      volumePluginDir: "/s/node/volume-plugins",
      evictionHard: { "memory.available": "100Mi", "nodefs.available": "1%", "imagefs.available": "1%" },
      imageGCHighThresholdPercent: 100,
      imageGCLowThresholdPercent: 99,
      rotateCertificates: false,
      serverTLSBootstrap: false,
      oomScoreAdj: 0,
    });
  });
});

describe("kubeProxyConfig", () => {
  it("is iptables mode for the pod range on the node's address, leaving conntrack and route_localnet alone", () => {
    expect(kubeProxyConfig(paths)).toEqual({
      apiVersion: "kubeproxy.config.k8s.io/v1alpha1",
      kind: "KubeProxyConfiguration",
      mode: "iptables",
      clientConnection: { kubeconfig: "/s/kubeconfig/kube-proxy.yaml" },
      hostnameOverride: "verifier-node",
      bindAddress: "10.244.0.1",
      healthzBindAddress: "10.244.0.1:10256",
      metricsBindAddress: "10.244.0.1:10249",
      clusterCIDR: "10.244.0.0/16",
      nodePortAddresses: ["10.244.0.1/32"],
      iptables: { localhostNodePorts: false },
      conntrack: { maxPerCore: 0, tcpEstablishedTimeout: "0s", tcpCloseWaitTimeout: "0s" },
      oomScoreAdj: 0,
    });
  });
});
