import assert from "node:assert/strict";
import { describe, expect, it } from "vitest";
import { CommandError } from "../../exec/run.js";
import { carrierImageTag, purgeProject } from "./purge.js";

/** Enough of a Docker engine for the purge: names, network endpoints, and the refusal to remove a network in use. */
function engine(hidden?: string) {
  const containers = new Map<string, { name: string; networks: string[] }>([
    ["c1", { name: "verifier-t1-api-blue-1", networks: ["n1", "n2"] }],
    ["c2", { name: "backup-job-4821", networks: ["n2"] }], // a one-off container of another name on the project's network
    ["c3", { name: "verifier-other-api-blue-1", networks: ["n3"] }],
  ]);
  const networks = new Map([
    ["n1", "verifier-t1-edge"],
    ["n2", "verifier-t1-metrics"],
    ["n3", "verifier-other-edge"],
  ]);
  const stale = new Map([["n1", ["verifier-t1-gone"]]]); // an endpoint whose container is already gone
  const volumes = new Set(["verifier-t1-pgdata", "verifier-other-pgdata"]);
  const images = new Set([carrierImageTag("verifier-t1"), carrierImageTag("verifier-other")]);
  const named = (prefix: string, names: Iterable<[string, string]>) =>
    [...names].filter(([, n]) => new RegExp(prefix).test(n)).map(([id]) => id);
  const endpoints = (n: string) => [
    ...[...containers.values()].filter((c) => c.networks.includes(n)).map((c) => c.name),
    ...(stale.get(n) ?? []),
  ];
  const drop = (from: { delete(k: string): unknown }, keys: string[]): string => {
    for (const k of keys) from.delete(k);
    return "";
  };
  const docker = async (argv: string[]): Promise<string> => {
    const [, what, verb, ...rest] = argv;
    const filter = rest[rest.indexOf("--filter") + 1] ?? "";
    const lines = (ids: string[]) => ids.map((i) => `${i}\n`).join("");
    if (what === "ps" && filter.startsWith("name="))
      return lines(
        named(
          filter.slice(5),
          [...containers].map(([id, c]) => [id, c.name]),
        ),
      );
    if (what === "ps")
      return lines([...containers].filter(([, c]) => c.networks.includes(filter.slice(8))).map(([i]) => i));
    if (what === "rm")
      return drop(
        containers,
        rest.filter((a) => !a.startsWith("-")),
      );
    if (what === "network" && verb === "ls") return lines(named(filter.slice(5), networks));
    if (what === "network" && verb === "inspect") return lines(endpoints(rest.at(-1)!));
    if (what === "network" && verb === "disconnect") {
      const [net, name] = rest.slice(-2) as [string, string];
      stale.set(
        net,
        (stale.get(net) ?? []).filter((e) => e !== name),
      );
      return "";
    }
    if (what === "network" && verb === "rm") {
      const busy = rest.find((n) => endpoints(n).length > 0 || n === hidden);
      if (busy) throw new CommandError(argv, 1, `network ${networks.get(busy)} has active endpoints`);
      return drop(networks, rest);
    }
    if (what === "volume" && verb === "ls") return lines([...volumes].filter((v) => v.startsWith(filter.slice(6))));
    if (what === "volume" && verb === "rm") return drop(volumes, rest);
    if (what === "images") return images.has(rest.at(-1)!) ? "sha256:1\n" : "";
    if (what === "rmi") return drop(images, rest.slice(-1));
    throw new Error(`unexpected: ${argv.join(" ")}`);
  };
  return { docker, containers, networks, volumes, images };
}

describe("purgeProject", () => {
  it("removes the project whole, a foreign container on its network and a stale endpoint included; another project stays", async () => {
    const e = engine();
    await purgeProject("verifier-t1", e.docker);
    assert.deepEqual(
      [[...e.containers.keys()], [...e.networks.keys()], [...e.volumes], [...e.images]],
      [["c3"], ["n3"], ["verifier-other-pgdata"], [carrierImageTag("verifier-other")]],
    );
  });

  it("says what to do when the engine keeps an endpoint no container or name holds (only a daemon restart drops it)", async () => {
    const e = engine("n2");
    await expect(purgeProject("verifier-t1", e.docker)).rejects.toThrow(
      /network verifier-t1-metrics has active endpoints; no container holds that endpoint any more, .*restart dockerd/,
    );
    // Its volumes and image are gone all the same: the next environment of this name starts on no old data.
    assert.deepEqual([[...e.volumes], [...e.images]], [["verifier-other-pgdata"], [carrierImageTag("verifier-other")]]);
  });
});
