import { describe, expect, it } from "vitest";
import { kubeChainRemoval, kubeChains, mountsUnder, parsePodContainers } from "./nodeCleanupPlan.js";

const NAT = [
  "-P PREROUTING ACCEPT",
  "-N DOCKER",
  "-N KUBE-KUBELET-CANARY",
  "-N KUBE-SERVICES",
  "-A PREROUTING -m comment --comment kubernetes-service-portals -j KUBE-SERVICES",
  "-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
  "-A KUBE-SERVICES -j KUBE-KUBELET-CANARY",
  "",
].join("\n");

describe("kubeChainRemoval", () => {
  it("drops the jumps into KUBE-* chains from other chains, then flushes and deletes every KUBE-* chain", () => {
    expect(kubeChainRemoval("iptables", "nat", NAT)).toEqual([
      [
        "iptables",
        "-w",
        "-t",
        "nat",
        "-D",
        "PREROUTING",
        "-m",
        "comment",
        "--comment",
        "kubernetes-service-portals",
      ].concat(["-j", "KUBE-SERVICES"]),
      ["iptables", "-w", "-t", "nat", "-F", "KUBE-KUBELET-CANARY"],
      ["iptables", "-w", "-t", "nat", "-F", "KUBE-SERVICES"],
      ["iptables", "-w", "-t", "nat", "-X", "KUBE-KUBELET-CANARY"],
      ["iptables", "-w", "-t", "nat", "-X", "KUBE-SERVICES"],
    ]);
  });

  it("leaves a table without KUBE-* chains alone (Docker's chains are not ours)", () => {
    expect(kubeChainRemoval("ip6tables", "filter", "-P INPUT ACCEPT\n-N DOCKER\n-A FORWARD -j DOCKER\n")).toEqual([]);
    expect(kubeChains(NAT)).toEqual(["KUBE-KUBELET-CANARY", "KUBE-SERVICES"]);
  });
});

describe("mountsUnder", () => {
  const info = [
    "22 1 0:21 / / rw - ext4 /dev/vda rw",
    "90 22 0:50 / /s/node/kubelet/pods/u1/volumes/kubernetes.io~projected/kube-api-access-x rw - tmpfs tmpfs rw",
    "91 22 0:51 / /s/node/kubelet/pods/u1 rw - tmpfs tmpfs rw",
    "92 22 0:52 / /s2/other rw - tmpfs tmpfs rw",
    "93 22 0:53 / /s/with\\040space rw - tmpfs tmpfs rw",
  ].join("\n");

  it("lists the mount points inside the directory, deepest first, decoding octal escapes", () => {
    expect(mountsUnder(info, "/s")).toEqual([
      "/s/node/kubelet/pods/u1/volumes/kubernetes.io~projected/kube-api-access-x",
      "/s/node/kubelet/pods/u1",
      "/s/with space",
    ]);
    expect(mountsUnder(info, "/elsewhere")).toEqual([]);
  });
});

describe("parsePodContainers", () => {
  it("reads `docker ps` lines of id and pod UID", () => {
    expect(parsePodContainers("abc u-1\ndef u-2\n\n")).toEqual([
      { id: "abc", podUid: "u-1" },
      { id: "def", podUid: "u-2" },
    ]);
  });
});
