import { describe, expect, it } from "vitest";
import { bootstrapManifests, kwokNode } from "./manifests.js";

describe("bootstrapManifests", () => {
  it("binds kwok's role to kwok's certificate user, then registers the nodes", () => {
    const m = bootstrapManifests(2);
    expect(m.map((x) => `${x.kind}/${x.metadata.name}`)).toEqual([
      "ClusterRole/verifier:kwok-controller",
      "ClusterRoleBinding/verifier:kwok-controller",
      "Node/kwok-node-0",
      "Node/kwok-node-1",
    ]);
    expect(m[1]).toMatchObject({
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "verifier:kwok-controller" }],
    });
  });

  it("marks each node for kwok and leaves it untainted (the only nodes must take every workload)", () => {
    const node = kwokNode(1);
    expect(node.metadata.annotations).toEqual({ "kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0" });
    expect(node).not.toHaveProperty("spec.taints");
    expect(node.status).toEqual({
      allocatable: { cpu: "32", memory: "256Gi", pods: "110" },
      capacity: { cpu: "32", memory: "256Gi", pods: "110" },
    });
  });
});
