import { describe, expect, it } from "vitest";
import { bootstrapCommands, bootstrapItems } from "./bootstrap.js";
import { clusterPaths } from "./paths.js";

describe("bootstrapCommands", () => {
  it("applies server-side as the admin, then releases the leases a stopped kwok left on the nodes", () => {
    expect(bootstrapCommands("/bin/c", clusterPaths("/s"), "kwok", 2)).toEqual([
      ["/bin/c/kubectl", "--kubeconfig=/s/kubeconfig/admin.yaml", "apply", "--server-side"].concat([
        "--field-manager=verifier-cluster",
        "-f",
        "-",
      ]),
      ["/bin/c/kubectl", "--kubeconfig=/s/kubeconfig/admin.yaml", "delete", "lease", "-n", "kube-node-lease"].concat([
        "--ignore-not-found",
        "kwok-node-0",
        "kwok-node-1",
      ]),
    ]);
  });
});

describe("bootstrap of a docker-runtime node", () => {
  it("only applies (the kubelet registers its node and holds its own lease)", () => {
    expect(bootstrapCommands("/bin/c", clusterPaths("/s"), "docker", 1)).toEqual([
      ["/bin/c/kubectl", "--kubeconfig=/s/kubeconfig/admin.yaml", "apply", "--server-side"].concat([
        "--field-manager=verifier-cluster",
        "-f",
        "-",
      ]),
    ]);
  });

  it("lets the apiserver call kubelets and CoreDNS read services, endpoint slices and namespaces", () => {
    const items = bootstrapItems("docker", 1);
    expect(items.map((x) => `${x.kind}/${x.metadata.name}`)).toEqual([
      "ClusterRoleBinding/verifier:apiserver-kubelet-client",
      "ClusterRole/verifier:coredns",
      "ClusterRoleBinding/verifier:coredns",
    ]);
    expect(items[0]).toMatchObject({
      roleRef: { kind: "ClusterRole", name: "system:kubelet-api-admin" },
      subjects: [{ kind: "User", name: "kube-apiserver-kubelet-client" }],
    });
    expect(items[1]).toMatchObject({
      rules: [
        { apiGroups: [""], resources: ["services", "namespaces"], verbs: ["list", "watch"] },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
      ],
    });
    expect(items[2]).toMatchObject({ subjects: [{ kind: "User", name: "verifier:coredns" }] });
  });
});
