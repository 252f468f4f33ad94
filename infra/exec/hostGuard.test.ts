import assert from "node:assert/strict";
import { test } from "vitest";
import { GUARD_MARK, guardRuleset } from "../model/hostGuard.js";
import { describeGuard, ensureHostGuard, type HostGuardError, type Nft, type NftResult } from "./hostGuard.js";

/** A scripted nft: answers in order, records every call. */
function scripted(...answers: NftResult[]): { nft: Nft; calls: { args: string[]; input?: string }[] } {
  const calls: { args: string[]; input?: string }[] = [];
  const nft: Nft = async (args, input) => {
    calls.push(input === undefined ? { args } : { args, input });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected nft call: ${args.join(" ")}`);
    return next;
  };
  return { nft, calls };
}
const ok = (stdout = ""): NftResult => ({ exitCode: 0, stdout, stderr: "" });
const LIST = ["list", "table", "inet", "verifier_guard"];

test("a loaded guard with this checkout's mark is left alone", async () => {
  const { nft, calls } = scripted(ok(`table inet verifier_guard {\n\tcomment "${GUARD_MARK}"\n}`));
  assert.deepEqual(await ensureHostGuard({}, nft), { state: "present" });
  assert.deepEqual(calls, [{ args: LIST }]);
});

test("a missing guard, or one with other rules, is loaded with the ruleset in one nft -f transaction", async () => {
  for (const listed of [
    { exitCode: 1, stdout: "", stderr: "Error: No such file or directory" },
    ok('table inet verifier_guard {\n\tcomment "verifier guard 000000000000"\n}'),
  ]) {
    const { nft, calls } = scripted(listed, ok());
    assert.deepEqual(await ensureHostGuard({ DOCKER_HOST: "unix:///var/run/docker.sock" }, nft), { state: "loaded" });
    assert.deepEqual(calls, [{ args: LIST }, { args: ["-f", "-"], input: guardRuleset() }]);
  }
});

test("no nft, or nft refusing the load, is one error naming the table, the reason and the fix", async () => {
  const missing = scripted({ exitCode: 127, stdout: "", stderr: "nft: command not found" });
  await assert.rejects(ensureHostGuard({}, missing.nft), (e: HostGuardError) => {
    assert.equal(e.code, "HOST_GUARD_MISSING");
    assert.match(
      e.message,
      /table inet verifier_guard.*nft is not installed \(Debian package nftables\).*run this as root/,
    );
    return true;
  });
  const refused = scripted(
    { exitCode: 1, stdout: "", stderr: "" },
    { exitCode: 1, stdout: "", stderr: "netlink: Error: Operation not permitted\n" },
  );
  await assert.rejects(
    ensureHostGuard({}, refused.nft),
    /could not be: nft -f exited 1: netlink: Error: Operation not permitted\. .*Nothing was changed\./,
  );
});

test("a Docker engine on another machine is not checked from here, and says so", async () => {
  const { nft, calls } = scripted();
  const found = await ensureHostGuard({ DOCKER_HOST: "ssh://deploy@drills.internal" }, nft);
  assert.deepEqual(found, { state: "remote", endpoint: "ssh://deploy@drills.internal" });
  assert.equal(calls.length, 0);
  assert.match(describeGuard(found), /not checked on ssh:\/\/deploy@drills\.internal/);
});
