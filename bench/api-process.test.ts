import assert from "node:assert/strict";
import { test } from "vitest";
import { parseSize } from "./api-process.js";

test("docker stats sizes are read in MiB", () => {
  assert.deepEqual(
    [parseSize("95.83MiB"), parseSize("1.5GiB"), parseSize("512KiB"), parseSize("0B")],
    [95.83, 1536, 0.5, 0],
  );
  assert.throws(() => parseSize("--"), /cannot read memory size "--"/);
});
