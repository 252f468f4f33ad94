import assert from "node:assert/strict";
import { it } from "vitest";
import { jobAnswer, runResultSchema } from "./schemas.js";

const answer = {
  file: "citestk8s_20261207T014000Z.dump",
  sha256: "ab",
  size_bytes: 11885,
  verification: { verified: true, at: "2026-12-07T01:40:02.000Z", mismatches: [] },
};
const logLine = JSON.stringify({ level: 30, job: "backup", msg: "backup verified" });

it("finds the answer in a Job's log where the job's own log lines follow it (seen once in CI)", () => {
  assert.deepEqual(jobAnswer(runResultSchema, `${logLine}\n${JSON.stringify(answer)}\n${logLine}\n`, "run"), answer);
});

it("names the last line when no line is the documented answer", () => {
  assert.throws(
    () => jobAnswer(runResultSchema, `${logLine}\n`, "run"),
    /^Error: run: the backup job answered "\{\\"level\\":30,.*not the documented JSON$/,
  );
});
