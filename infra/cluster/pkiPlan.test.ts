import { describe, expect, it } from "vitest";
import { firstHostIp, prefixOf } from "./network.js";
import { certificatePlan, extensionsOf, subjectOf } from "./pkiPlan.js";

const byName = (name: string) => certificatePlan().find((c) => c.name === name)!;

describe("certificatePlan", () => {
  it("serves the apiserver as loopback, localhost, kubernetes.default.svc and the first service IP", () => {
    expect(extensionsOf(byName("kube-apiserver"))).toBe(
      [
        "basicConstraints=critical,CA:FALSE",
        "keyUsage=critical,digitalSignature,keyEncipherment",
        "extendedKeyUsage=serverAuth",
        "subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc," +
          "DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1",
      ].join("\n"),
    );
  });

  it("gives each user the identity RBAC knows: the admin in system:masters, the controllers their system users", () => {
    expect(["admin", "kube-controller-manager", "kube-scheduler", "kwok"].map((n) => subjectOf(byName(n)))).toEqual([
      "/CN=verifier-admin/O=system:masters",
      "/CN=system:kube-controller-manager",
      "/CN=system:kube-scheduler",
      "/CN=verifier:kwok-controller",
    ]);
    expect(extensionsOf(byName("admin"))).toBe(
      "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth",
    );
  });

  it("puts no one but the admin in system:masters", () => {
    const masters = certificatePlan().filter((c) => c.organizations.includes("system:masters"));
    expect(masters.map((c) => c.name)).toEqual(["admin"]);
  });
});

describe("certificatePlan for docker-runtime nodes", () => {
  it("gives the kubelet its node identity, kube-proxy and CoreDNS theirs, the apiserver one to call kubelets", () => {
    const names = ["kubelet", "kube-proxy", "coredns", "apiserver-kubelet-client"];
    expect(names.map((n) => subjectOf(byName(n)))).toEqual([
      "/CN=system:node:verifier-node/O=system:nodes",
      "/CN=system:kube-proxy",
      "/CN=verifier:coredns",
      "/CN=kube-apiserver-kubelet-client",
    ]);
    expect(names.map((n) => byName(n).usages)).toEqual([
      ["clientAuth"],
      ["clientAuth"],
      ["clientAuth"],
      ["clientAuth"],
    ]);
  });

  it("serves the kubelet as its node name, its InternalIP (the bridge's address) and loopback", () => {
    expect(extensionsOf(byName("kubelet-serving"))).toBe(
      [
        "basicConstraints=critical,CA:FALSE",
        "keyUsage=critical,digitalSignature,keyEncipherment",
        "extendedKeyUsage=serverAuth",
        "subjectAltName=DNS:verifier-node,IP:10.244.0.1,IP:127.0.0.1",
      ].join("\n"),
    );
  });
});

describe("firstHostIp", () => {
  it("is the range's first host address", () => {
    expect(firstHostIp("10.96.0.0/16")).toBe("10.96.0.1");
    expect(firstHostIp("10.96.7.9/12")).toBe("10.96.0.1");
    expect(firstHostIp("192.168.1.0/24")).toBe("192.168.1.1");
  });
  it("refuses what is not an IPv4 CIDR", () => {
    expect(() => firstHostIp("fd00::/108")).toThrow("not an IPv4 CIDR");
  });
});

describe("prefixOf", () => {
  it("is the prefix length", () => {
    expect(prefixOf("10.244.0.0/16")).toBe(16);
  });
});
