import assert from "node:assert/strict";
import { test } from "vitest";
import { parseStackConfig } from "../config/load.js";
import { buildModel, type ResolvedImages } from "../model/build.js";
import { staleNetworks } from "./staleNetworks.js";

const IMAGES = Object.fromEntries(
  ["api", "sandbox", "postgres", "redis", "proxy", "prometheus", "backup"].map((r) => [r, `verifier/${r}:1`]),
) as ResolvedImages;
const model = buildModel("local", parseStackConfig({ tier: "local" }, "t"), IMAGES);
const bridge = (name: string) => ({ "com.docker.network.bridge.name": name });

test("networks made with the model's bridge names, and networks not made yet, are not stale", () => {
  assert.deepEqual(staleNetworks(model, []), []);
  assert.deepEqual(
    staleNetworks(model, [
      { name: "verifier-local-edge", options: {} },
      { name: "verifier-local-backend", options: bridge("vint-1f1ead8663") },
      { name: "verifier-local-metrics" },
    ]),
    [],
  );
});

test("an internal network made before the host guard (Docker's own bridge name), or with another name, is stale", () => {
  assert.deepEqual(
    staleNetworks(model, [
      { name: "verifier-local-edge", options: {} },
      { name: "verifier-local-backend", options: {} },
      { name: "verifier-local-metrics", options: bridge("vint-0000000000") },
      { name: "verifier-local-sandbox", options: bridge("vint-bf56d72776") },
      { name: "verifier-other-backend", options: {} },
    ]),
    ["verifier-local-backend", "verifier-local-metrics"],
  );
});
