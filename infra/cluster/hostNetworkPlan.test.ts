import { describe, expect, it } from "vitest";
import { hostNetworkDown, hostNetworkUp } from "./hostNetworkPlan.js";

describe("hostNetworkUp", () => {
  it("makes the bridge with the gateway address, up, and a FORWARD chain for the pods, each step idempotent", () => {
    expect(hostNetworkUp()).toEqual([
      {
        argv: ["ip", "link", "add", "verifier-cni0", "type", "bridge"],
        unless: ["ip", "link", "show", "dev", "verifier-cni0"],
      },
      { argv: ["ip", "addr", "replace", "10.244.0.1/16", "dev", "verifier-cni0"] },
      { argv: ["ip", "link", "set", "verifier-cni0", "up"] },
      { argv: ["iptables", "-w", "-N", "VERIFIER-PODS"], unless: ["iptables", "-w", "-n", "-L", "VERIFIER-PODS"] },
      { argv: ["iptables", "-w", "-F", "VERIFIER-PODS"] },
      {
        argv: ["iptables", "-w", "-A", "VERIFIER-PODS", "-i", "verifier-cni0", "-s", "10.244.0.0/16", "-j", "ACCEPT"],
      },
      {
        argv: ["iptables", "-w", "-A", "VERIFIER-PODS", "-o", "verifier-cni0", "-d", "10.244.0.0/16"].concat([
          "-m",
          "conntrack",
          "--ctstate",
          "RELATED,ESTABLISHED",
          "-j",
          "ACCEPT",
        ]),
      },
      {
        argv: ["iptables", "-w", "-I", "FORWARD", "1", "-j", "VERIFIER-PODS"],
        unless: ["iptables", "-w", "-C", "FORWARD", "-j", "VERIFIER-PODS"],
      },
    ]);
  });
});

describe("hostNetworkDown", () => {
  it("removes the jump, the chain and the bridge, each only when there", () => {
    expect(hostNetworkDown()).toEqual([
      {
        argv: ["iptables", "-w", "-D", "FORWARD", "-j", "VERIFIER-PODS"],
        onlyIf: ["iptables", "-w", "-C", "FORWARD", "-j", "VERIFIER-PODS"],
      },
      { argv: ["iptables", "-w", "-F", "VERIFIER-PODS"], onlyIf: ["iptables", "-w", "-n", "-L", "VERIFIER-PODS"] },
      { argv: ["iptables", "-w", "-X", "VERIFIER-PODS"], onlyIf: ["iptables", "-w", "-n", "-L", "VERIFIER-PODS"] },
      { argv: ["ip", "link", "delete", "verifier-cni0"], onlyIf: ["ip", "link", "show", "dev", "verifier-cni0"] },
    ]);
  });
});
