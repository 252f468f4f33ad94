import { describe, expect, it } from "vitest";
import { envLines, shellWord } from "./env.js";
import { parseDurationMs, resolveOptions } from "./options.js";

describe("resolveOptions", () => {
  it("defaults to the name local under XDG_STATE_HOME, 2 kwok nodes and 3 minutes", () => {
    expect(resolveOptions({}, { HOME: "/home/a", XDG_STATE_HOME: "/xdg" })).toEqual({
      name: "local",
      stateDir: "/xdg/verifier-cluster/local",
      readyTimeoutMs: 180_000,
      nodeRuntime: "kwok",
      nodes: 2,
    });
    expect(resolveOptions({ name: "ci" }, { HOME: "/home/a" }).stateDir).toBe(
      "/home/a/.local/state/verifier-cluster/ci",
    );
  });

  it("takes the state directory from the option first, then VERIFIER_CLUSTER_STATE", () => {
    const env = { HOME: "/h", VERIFIER_CLUSTER_STATE: "/tmp/c1" };
    expect(resolveOptions({}, env).stateDir).toBe("/tmp/c1");
    expect(resolveOptions({ stateDir: "/tmp/c2" }, env).stateDir).toBe("/tmp/c2");
  });

  it("reports every problem at once, with its path", () => {
    expect(() => resolveOptions({ name: "Bad Name", stateDir: "rel", nodes: 0 }, {})).toThrow(
      /^cluster options: name: lower-case letters, digits and '-', at most 40; stateDir: an absolute path; nodes: .*; fix them/,
    );
    expect(() => resolveOptions({}, { VERIFIER_CLUSTER_STATE: "rel" })).toThrow("not an absolute path");
  });
});

describe("resolveOptions with docker-runtime nodes", () => {
  it("has exactly one node, 1 when left out", () => {
    expect(resolveOptions({ nodeRuntime: "docker", stateDir: "/s" }, {})).toMatchObject({ nodes: 1 });
    expect(resolveOptions({ nodeRuntime: "docker", stateDir: "/s", nodes: 1 }, {}).nodes).toBe(1);
    expect(() => resolveOptions({ nodeRuntime: "docker", stateDir: "/s", nodes: 2 }, {})).toThrow(
      "cluster options: nodes: a docker-runtime cluster has exactly 1 node (this host's kubelet); leave nodes out or set 1; fix them",
    );
  });

  it("refuses a runtime it does not know, and a state directory too long for the node's sockets", () => {
    expect(() => resolveOptions({ nodeRuntime: "containerd" as "docker" }, {})).toThrow(
      /^cluster options: nodeRuntime: /,
    );
    const long = `/${"d".repeat(60)}`;
    expect(() => resolveOptions({ nodeRuntime: "docker", stateDir: long }, {})).toThrow(
      `stateDir ${long}: 61 characters; a docker-runtime cluster's (kubelet and cri-dockerd sockets live in it) may have at most 60`,
    );
    expect(resolveOptions({ stateDir: long }, {}).stateDir).toBe(long); // kwok nodes have no sockets there
  });
});

describe("parseDurationMs", () => {
  it("takes whole seconds or minutes, nothing else", () => {
    expect(parseDurationMs("90s", "--t")).toBe(90_000);
    expect(parseDurationMs("3m", "--t")).toBe(180_000);
    expect(() => parseDurationMs("3", "--t")).toThrow("--t 3: not a duration; use e.g. 90s or 3m");
    expect(() => parseDurationMs("1.5m", "--t")).toThrow("not a duration");
  });
});

describe("envLines", () => {
  it("exports the admin kubeconfig and puts the binaries first on PATH, quoted for the shell", () => {
    expect(envLines("/s/kubeconfig/admin.yaml", "/c/bin")).toEqual([
      "export KUBECONFIG=/s/kubeconfig/admin.yaml",
      'export PATH=/c/bin:"$PATH"',
    ]);
    expect(shellWord("/it's here")).toBe(`'/it'\\''s here'`);
  });
});
