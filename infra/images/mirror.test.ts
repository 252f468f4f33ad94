import { test } from "vitest";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { debianMirror } from "./mirror.js";

function aptDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "apt-"));
  mkdirSync(join(dir, "sources.list.d"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test("DEBIAN_MIRROR wins", () => {
  assert.equal(
    debianMirror({ DEBIAN_MIRROR: "http://mirror.internal/debian/" }, aptDir({})),
    "http://mirror.internal/debian",
  );
});

test("the host's deb822 source is used, skipping security and third-party archives", () => {
  const dir = aptDir({
    "sources.list.d/other.sources": "Types: deb\nURIs: https://apt.example/nodesource\n",
    "sources.list.d/debian.sources":
      "Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm\n\nURIs: http://mirror.example/debian-security\n",
  });
  assert.equal(debianMirror({}, dir), "http://mirror.example/debian");
});

test("a one-line sources.list works, and no mirror at all is a clear error", () => {
  assert.equal(
    debianMirror({}, aptDir({ "sources.list": "deb [arch=amd64] http://m.example/debian trixie main\n" })),
    "http://m.example/debian",
  );
  assert.throws(() => debianMirror({}, aptDir({})), /set DEBIAN_MIRROR/);
});
