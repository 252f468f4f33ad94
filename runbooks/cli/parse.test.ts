import { test } from "vitest";
import assert from "node:assert/strict";
import { COMMANDS } from "../commands/registry.js";
import { RunbookError } from "./errors.js";
import { parseCommandLine } from "./parse.js";

const usage = (argv: string[], message: string) =>
  assert.throws(
    () => parseCommandLine(argv, COMMANDS),
    (e: unknown) => e instanceof RunbookError && e.code === "USAGE" && e.exitCode === 2 && e.message === message,
  );

test("deploy with every option: validated, typed, instance and overrides passed on", () => {
  const parsed = parseCommandLine(
    [
      "deploy",
      "local",
      "--image",
      "verifier/api:v2",
      "--instance",
      "citest",
      "--config",
      '{"httpsPort":18443}',
      "--yes",
      "--json",
      "--requests",
      "20",
    ],
    COMMANDS,
  );
  assert.equal(parsed.kind, "run");
  if (parsed.kind !== "run") return;
  assert.equal(parsed.command.name, "deploy");
  assert.deepEqual([parsed.stack, parsed.instance, parsed.overrides], ["local", "citest", { httpsPort: 18443 }]);
  assert.deepEqual(parsed.common, { dryRun: false, yes: true, json: true });
  assert.equal(parsed.values.image, "verifier/api:v2");
  assert.equal(parsed.values.requests, 20);
});

test("defaults: instance is the stack, 50 verification requests, no dry run", () => {
  const parsed = parseCommandLine(["rollback", "staging", "--dry-run"], COMMANDS);
  assert.ok(parsed.kind === "run");
  assert.equal(parsed.instance, "staging");
  assert.equal(parsed.values.requests, 50);
  assert.deepEqual(parsed.common, { dryRun: true, yes: false, json: false });
});

test("help: global with no command, per command with --help", () => {
  const global = parseCommandLine(["--help"], COMMANDS);
  assert.ok(global.kind === "help" && COMMANDS.every((c) => global.text.includes(`  ${c.name} `)));
  const own = parseCommandLine(["flip", "--help"], COMMANDS);
  assert.ok(
    own.kind === "help" &&
      own.text.startsWith("usage: ops flip <stack> [--to blue|green] [options]") &&
      own.text.includes("--to <colour>"),
  );
});

test("every problem at once, with the way to the help", () => {
  usage(
    ["deploy"],
    "deploy: <stack> is missing (local, staging, prod, drills); --image: is required; see `ops deploy --help`",
  );
  usage(
    ["flip", "qa", "--to", "red"],
    'flip: <stack> "qa" must be one of local, staging, prod, drills; --to: must be blue or green; see `ops flip --help`',
  );
  usage(
    ["deploy", "local", "--image", "Not An Image"],
    "deploy: --image: must be an image reference: name[:tag] or name@sha256:<64 hex>; see `ops deploy --help`",
  );
  usage(["status", "local", "extra"], "status: unexpected argument(s) extra; see `ops status --help`");
});

test("unknown commands and options are refused", () => {
  usage(
    ["frob", "local"],
    `unknown command "frob"; allowed: ${COMMANDS.map((c) => c.name).join(", ")} (ops --help lists them)`,
  );
  usage(["status", "local", "--colour", "blue"], "status: Unknown option '--colour'; see `ops status --help`");
  usage(
    ["status", "local", "--config", "[1]"],
    `status: --config: must be a JSON object of stack config keys, e.g. '{"httpsPort":18443}'; received [1]; see \`ops status --help\``,
  );
});
