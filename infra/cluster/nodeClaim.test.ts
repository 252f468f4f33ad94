import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { claimDockerNode, holdsDockerNode, releaseDockerNode } from "./nodeClaim.js";

const dir = mkdtempSync(join(tmpdir(), "node-claim-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, "run", "docker-node.json");
const cluster = (name: string) => {
  const stateDir = join(dir, name);
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, "cluster.json"), "{}");
  return stateDir;
};

describe("claimDockerNode", () => {
  it("lets one cluster hold the host's node, again and again, and refuses another, naming the holder", () => {
    const a = cluster("a");
    const b = cluster("b");
    claimDockerNode("a", a, file);
    claimDockerNode("a", a, file);
    expect(holdsDockerNode(a, file)).toBe(true);
    expect(() => claimDockerNode("b", b, file)).toThrow(
      new RegExp(
        `^cluster a \\(state ${a}, since .*\\) runs this host's docker-runtime node .*one per host: stop it first \\(npm run cluster -- down --state-dir ${a}\\)`,
      ),
    );
    releaseDockerNode(b, file); // not b's: stays
    expect(holdsDockerNode(a, file)).toBe(true);
    releaseDockerNode(a, file);
    claimDockerNode("b", b, file);
    expect(holdsDockerNode(b, file)).toBe(true);
    releaseDockerNode(b, file);
  });

  it("takes over a claim whose cluster's state directory is gone", () => {
    const gone = cluster("gone");
    claimDockerNode("gone", gone, file);
    rmSync(gone, { recursive: true });
    const c = cluster("c");
    claimDockerNode("c", c, file);
    expect(holdsDockerNode(c, file)).toBe(true);
  });
});
