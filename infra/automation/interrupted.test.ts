import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { test } from "vitest";
import { UpdateInterruptedError } from "./errors.js";
import { assess, describeLock, parseLockFile, pendingOperations, type Lock } from "./interrupted.js";
import { holderState } from "./interruptedIo.js";

/** As the v3.248 CLI wrote it for an update killed with SIGKILL. */
const LOCK_TEXT = '{"pid":18399,"username":"root","hostname":"vm","timestamp":"2026-12-06T05:47:11.014294666Z"}';
const LOCK_FILE = "/state/.pulumi/locks/organization/verifier/local/9035.json";
const URN =
  "urn:pulumi:local::verifier::verifier:network:Networks$docker:index/network:Network::verifier-local-networks-edge";
const network = {
  urn: URN,
  custom: true,
  type: "docker:index/network:Network",
  inputs: { internal: false, name: "verifier-local-edge" },
  parent: "urn:p",
};
const command = {
  urn: "urn:pulumi:local::verifier::command:local:Command::verifier-local-carrier-image",
  custom: true,
  type: "command:local:Command",
  inputs: { create: "x" },
};
const EXPORTED = JSON.stringify({
  version: 3,
  deployment: {
    resources: [{ urn: "urn:p", type: "verifier:network:Networks" }],
    pending_operations: [
      { resource: network, type: "creating" },
      { resource: command, type: "updating" },
    ],
  },
});

test("a lock file: pid, user, host and time as the CLI wrote them; anything else is refused by path", () => {
  assert.deepEqual(parseLockFile(LOCK_FILE, LOCK_TEXT), {
    file: LOCK_FILE,
    pid: 18399,
    username: "root",
    hostname: "vm",
    timestamp: "2026-12-06T05:47:11.014294666Z",
  });
  assert.throws(() => parseLockFile("/x.json", '{"who":"me"}'), {
    message:
      '/x.json: not a Pulumi lock file (expected {"pid": number, "hostname": string, ...}); received {"who":"me"}',
  });
  assert.equal(
    describeLock(parseLockFile(LOCK_FILE, LOCK_TEXT)),
    `pid 18399 on vm (root) since 2026-12-06T05:47:11.014294666Z: ${LOCK_FILE}`,
  );
});

test("pending operations of an export: op, type, Pulumi name, the object's own name, the registered resource", () => {
  assert.deepEqual(pendingOperations(EXPORTED), [
    {
      op: "creating",
      urn: URN,
      type: "docker:index/network:Network",
      name: "verifier-local-networks-edge",
      objectName: "verifier-local-edge",
      resource: network,
    },
    {
      op: "updating",
      urn: command.urn,
      type: "command:local:Command",
      name: "verifier-local-carrier-image",
      resource: command,
    },
  ]);
  assert.deepEqual(pendingOperations('{"version":3,"deployment":{"resources":[]}}'), []);
  assert.deepEqual(pendingOperations('{"version":3}'), []);
});

test("assess: any live or foreign holder means locked; dead locks or pending work mean interrupted; else none", () => {
  const lock = (holder: Lock["holder"]): Lock => ({ ...parseLockFile(LOCK_FILE, LOCK_TEXT), holder });
  const pending = pendingOperations(EXPORTED);
  assert.deepEqual(assess("local", [], []), { kind: "none" });
  assert.deepEqual(assess("local", [lock("dead"), lock("alive")], pending), {
    kind: "locked",
    locks: [lock("dead"), lock("alive")],
  });
  assert.deepEqual(assess("local", [lock("elsewhere")], []), { kind: "locked", locks: [lock("elsewhere")] });
  assert.deepEqual(assess("local", [lock("dead")], []), {
    kind: "interrupted",
    stack: "local",
    locks: [lock("dead")],
    pending: [],
  });
  assert.deepEqual(assess("local", [], pending), { kind: "interrupted", stack: "local", locks: [], pending });
});

test("a holder is judged on this host only: this process is alive, an ended one dead, another host's unknowable", () => {
  const here = { file: "/l.json", username: "root", hostname: hostname(), timestamp: "t" };
  assert.equal(holderState({ ...here, pid: process.pid }), "alive");
  const ended = spawnSync("true").pid;
  assert.equal(holderState({ ...here, pid: ended }), "dead");
  assert.equal(holderState({ ...here, hostname: `not-${hostname()}`, pid: process.pid }), "elsewhere");
});

test("the interrupted-update error names the stack, the dead holder, each pending operation and both ways to settle", () => {
  const err = new UpdateInterruptedError("local", [parseLockFile(LOCK_FILE, LOCK_TEXT)], pendingOperations(EXPORTED));
  assert.equal(err.code, "PULUMI_UPDATE_INTERRUPTED");
  const [head, ...rest] = err.message.split("\n");
  assert.equal(head, "pulumi local: an earlier update was interrupted and left 1 lock(s) and 2 pending operation(s):");
  assert.deepEqual(rest.slice(0, 3), [
    `  - lock of a dead update: pid 18399 on vm (root) since 2026-12-06T05:47:11.014294666Z: ${LOCK_FILE}`,
    "  - pending: creating docker:index/network:Network verifier-local-networks-edge (verifier-local-edge)",
    "  - pending: updating command:local:Command verifier-local-carrier-image",
  ]);
  assert.match(
    rest[3]!,
    /^The state does not know whether those objects exist, so an update is refused until they are settled\. Settle with `recover\(\{ stack: "local" \}\)`/,
  );
  assert.match(rest[3]!, /`npm run pulumi -- cancel --stack local --yes`/);
  assert.match(
    rest[3]!,
    /`npm run pulumi -- refresh --stack local --yes --clear-pending-creates`\. Nothing was changed\.$/,
  );
});
