import assert from "node:assert/strict";
import { test } from "vitest";
import { pendingOperations, type Lock } from "./interrupted.js";
import { lookupArgv, recoveryPlan, settleCommands, settledState } from "./recoveryPlan.js";

const urn = (type: string, name: string) => `urn:pulumi:local::verifier::verifier:c:C$${type}::${name}`;
const resource = (type: string, name: string, objectName?: string) => ({
  urn: urn(type, name),
  custom: true,
  type,
  inputs: objectName ? { name: objectName } : { create: "x" },
  parent: "urn:c",
  provider: "urn:prov::1",
});
const VOLUME = resource("docker:index/volume:Volume", "storage-pgdata", "verifier-local-pgdata");
const NETWORK = resource("docker:index/network:Network", "networks-edge", "verifier-local-edge");
const CONTAINER = resource("docker:index/container:Container", "database-postgres", "verifier-local-postgres");
const ABSENT = resource("docker:index/container:Container", "cache-redis", "verifier-local-redis");
const COMMAND = resource("command:local:Command", "carrier-image");
const UPDATING = resource("docker:index/container:Container", "api-blue-1", "verifier-local-api-blue-1");
const EXPORTED = {
  version: 3,
  deployment: {
    manifest: { time: "t" },
    resources: [{ urn: "urn:c", type: "verifier:c:C" }],
    pending_operations: [
      ...[VOLUME, NETWORK, CONTAINER, ABSENT, COMMAND].map((r) => ({ resource: r, type: "creating" })),
      { resource: UPDATING, type: "updating" },
    ],
  },
};
const pending = pendingOperations(JSON.stringify(EXPORTED));
const found = { [VOLUME.urn]: "verifier-local-pgdata", [NETWORK.urn]: "3a00a2", [CONTAINER.urn]: "d19979" };
const lock: Lock = {
  file: "/s/.pulumi/locks/organization/verifier/local/96.json",
  pid: 4,
  username: "root",
  hostname: "vm",
  timestamp: "t",
  holder: "dead",
};

test("Docker is asked for each object by the name the program gave it; other kinds cannot be asked", () => {
  assert.deepEqual(pending.map(lookupArgv), [
    ["docker", "volume", "inspect", "--format", "{{.Name}}", "verifier-local-pgdata"],
    ["docker", "network", "inspect", "--format", "{{.Id}}", "verifier-local-edge"],
    ["docker", "container", "inspect", "--format", "{{.Id}}", "verifier-local-postgres"],
    ["docker", "container", "inspect", "--format", "{{.Id}}", "verifier-local-redis"],
    undefined,
    ["docker", "container", "inspect", "--format", "{{.Id}}", "verifier-local-api-blue-1"],
  ]);
});

test("the plan: dead locks and their .attrs removed, finished volumes and networks adopted, half-made containers removed, the rest dropped or refreshed", () => {
  assert.deepEqual(recoveryPlan("local", [lock], pending, found), {
    stack: "local",
    removeLocks: [lock.file, `${lock.file}.attrs`],
    adopt: [
      { urn: VOLUME.urn, id: "verifier-local-pgdata" },
      { urn: NETWORK.urn, id: "3a00a2" },
    ],
    discard: [{ urn: CONTAINER.urn, argv: ["docker", "rm", "--force", "d19979"] }],
    drop: [ABSENT.urn, COMMAND.urn],
    settle: [UPDATING.urn],
  });
  assert.deepEqual(recoveryPlan("local", [], [], {}), {
    stack: "local",
    removeLocks: [],
    adopt: [],
    discard: [],
    drop: [],
    settle: [],
  });
});

test("the settled state records adopted objects after everything else, with their ids, and keeps no pending operation", () => {
  const settled = settledState(EXPORTED, recoveryPlan("local", [lock], pending, found));
  assert.deepEqual(settled, {
    version: 3,
    deployment: {
      manifest: { time: "t" },
      resources: [
        { urn: "urn:c", type: "verifier:c:C" },
        { ...VOLUME, id: "verifier-local-pgdata", outputs: {} },
        { ...NETWORK, id: "3a00a2", outputs: {} },
      ],
      pending_operations: [],
    },
  });
  const stale = {
    stack: "local",
    removeLocks: [],
    adopt: [{ urn: "urn:gone", id: "1" }],
    discard: [],
    drop: [],
    settle: [],
  };
  assert.throws(() => settledState(EXPORTED, stale), {
    message: "recover local: urn:gone is not a pending operation of the exported state; export again and re-plan",
  });
});

test("then the CLI takes the state in and reads every object back", () => {
  assert.deepEqual(settleCommands("local", "/tmp/r/state.json"), [
    ["stack", "import", "--stack", "local", "--file", "/tmp/r/state.json", "--non-interactive"],
    ["refresh", "--yes", "--skip-preview", "--non-interactive", "--stack", "local"],
  ]);
});
