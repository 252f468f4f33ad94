import { describe, expect, it } from "vitest";
import { CNI_CONFLIST, cniConflist, corefile } from "./nodeNetworkConfig.js";
import { clusterPaths } from "./paths.js";

const paths = clusterPaths("/s");

describe("cniConflist", () => {
  it("puts pods on the node's bridge (gateway and default route) with host-local leases in the state directory", () => {
    expect(CNI_CONFLIST).toBe("10-verifier-pods.conflist");
    expect(cniConflist(paths)).toEqual({
      cniVersion: "1.0.0",
      name: "verifier-pods",
      plugins: [
        {
          type: "bridge",
          bridge: "verifier-cni0",
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: "host-local",
            ranges: [[{ subnet: "10.244.0.0/16", gateway: "10.244.0.1" }]],
            routes: [{ dst: "0.0.0.0/0" }],
            dataDir: "/s/node/cni-ipam",
          },
        },
        { type: "portmap", capabilities: { portMappings: true } },
      ],
    });
  });
});

describe("corefile", () => {
  it("answers cluster.local from the API on the node's address, with readiness, and forwards nothing", () => {
    expect(corefile(paths)).toBe(
      [
        "cluster.local:53 {",
        "    bind 10.244.0.1",
        "    ready 10.244.0.1:8181",
        "    errors",
        "    cache 5",
        "    kubernetes cluster.local {",
        "        kubeconfig /s/kubeconfig/coredns.yaml",
        "    }",
        "}",
        "",
      ].join("\n"),
    );
    expect(corefile(paths)).not.toMatch(/forward|\. ?\{/);
  });
});
