import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { beforeAll, describe, it } from "vitest";
import { localPaths } from "../../infra/local/paths.js";
import type { UpResult } from "../../infra/local/up.js";
import { needlesOf } from "../../scripts/audit-secrets/needles.js";
import { readSecrets } from "../../scripts/audit-secrets/sources.js";
import {
  assertFreshState,
  assertNoLeak,
  assertOutcome,
  type Answer,
} from "../../service/src/sandbox/test-helpers/hostileAssert.js";
import {
  JAVASCRIPT_CASES,
  PERSISTENCE_CASES,
  PYTHON_CASES,
  type HostileCase,
  type HostileContext,
} from "../../service/src/sandbox/test-helpers/hostileCorpus.js";
import { containerState, type ContainerState } from "../support/containerState.js";
import { eventually, inspect, type DockerInspect } from "../support/docker.js";
import { containerName, REPO_ROOT, TEST_INSTANCE, useStack } from "../support/instance.js";
import { startSentinel } from "../support/loopbackSentinel.js";
import { planFor, runInApi, type SandboxPhase, type SandboxRun } from "../support/sandboxJobs.js";

/**
 * The hostile corpus against the sandbox container of the live instance, with the checks of the
 * in-process suite (service/src/sandbox/hostile.test.ts). Every job goes out in one batch from an
 * api container; outcomes and forbidden effects are asserted here. The corpus's listener sits on
 * 127.0.0.1 inside the sandbox container: the address its snippets aim at, where an escaped job
 * would be. Python cases that reach only the interpreter (`reaches: "runtime"` in the corpus) are left to
 * the in-process suite: the container changes nothing they touch, and each costs a worker's boot.
 */
/**
 * A hung sandbox fails the suite instead of hanging it. Generous because the host's 2 cores are
 * shared: every Python job boots a fresh worker (about 1 s of CPU when the host is idle).
 */
const TIMEOUTS = { requestTimeoutMs: 90_000, batchTimeoutMs: 420_000 };
/** Killed workers are replaced asynchronously: how long the process count may take to settle. */
const SETTLE_MS = 15_000;
/**
 * Share of the sandbox container's memory limit its use may reach after the run. An absolute bound,
 * not growth over the run: the instance reports healthy on liveness, maybe before its pools are full.
 * Idle with full pools it holds about half of it (each Python worker keeps its own snapshot copy).
 */
const MEMORY_SHARE_OF_LIMIT = 0.75;

const ORDINARY_DATA = { xs: [2, 4, 4, 4, 5, 5, 7, 9] };
const ORDINARY = {
  python: {
    language: "python",
    data: ORDINARY_DATA,
    code: "import statistics\nxs = data['xs']\n{'mean': statistics.mean(xs), 'stdev': statistics.pstdev(xs)}",
  },
  javascript: {
    language: "javascript",
    data: ORDINARY_DATA,
    code: "const xs = data.xs; const mean = xs.reduce((a, b) => a + b) / xs.length;\nconst stdev = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);\nconsole.log('n', xs.length);\n({ mean, stdev })",
  },
};

/** The corpus cases the container could change: every JavaScript case (each is cheap) and the Python cases that reach past the interpreter. */
const LIVE_PYTHON = PYTHON_CASES.filter((k) => k.reaches !== "runtime");

const caseId = (k: HostileCase, i: number) => `${k.language}/${i}`;
const job = (k: HostileCase, ctx: HostileContext) => ({
  language: k.language,
  code: k.code(ctx),
  limits: k.limits,
  data: k.data,
});

/** Hostile cases fill each language's pool; then, one job at a time, plant/probe pairs and ordinary jobs. */
function phases(ctx: HostileContext, poolSize: number): SandboxPhase[] {
  const hostile = [LIVE_PYTHON, JAVASCRIPT_CASES].flatMap((cases) =>
    cases.map((k, i) => ({ lane: k.language, requests: [{ id: caseId(k, i), body: job(k, ctx) }] })),
  );
  const fresh = PERSISTENCE_CASES.map((k, i) => ({
    lane: "fresh",
    requests: [
      { id: `fresh/${i}/plant`, body: { language: k.language, code: k.plant } },
      { id: `fresh/${i}/probe`, body: { language: k.language, code: k.probe } },
    ],
  }));
  const ordinary = Object.entries(ORDINARY).map(([language, body]) => ({
    lane: "fresh",
    requests: [{ id: `ordinary/${language}`, body }],
  }));
  return [
    { concurrency: poolSize, sequences: hostile },
    { concurrency: 1, sequences: [...fresh, ...ordinary] },
  ];
}

function parseAnswer(a: SandboxRun["answers"][number]): Answer {
  try {
    return { status: a.status, body: JSON.parse(a.text) as Record<string, unknown> };
  } catch {
    return { status: a.status, body: { unparsed: a.text.slice(0, 300) } };
  }
}

const context: HostileContext = { listenerPort: 0, hostProofPath: `/tmp/sandbox-escape-proof-${randomUUID()}` };
let stack: UpResult;
let sandbox: string;
let startedAs: DockerInspect;
let stateBefore: ContainerState;
let outcome: SandboxRun;
let connections: number;
let batchMs: number;
let answers: Map<string, Answer>;

beforeAll(async () => {
  stack = await useStack();
  sandbox = containerName(stack, "sandbox");
  startedAs = await inspect(sandbox);
  stateBefore = await containerState(sandbox);
  const sentinel = await startSentinel(sandbox);
  context.listenerPort = sentinel.port;
  try {
    const api =
      stack.model.services.find((s) => s.name === `api-${stack.model.activeColour}-1`) ??
      assert.fail("no api container in the model");
    const plan = planFor(api, phases(context, stack.model.config.sandbox.poolSize), TIMEOUTS);
    const started = Date.now();
    outcome = await runInApi(containerName(stack, api.name), plan);
    batchMs = Date.now() - started;
  } finally {
    connections = await sentinel.close();
  }
  answers = new Map(outcome.answers.map((a) => [a.id, parseAnswer(a)]));
});

const answer = (id: string): Answer => answers.get(id) ?? assert.fail(`no answer for ${id}`);

describe("hostile Python in the sandbox container", () => {
  for (const [i, k] of LIVE_PYTHON.entries()) it(k.name, () => assertOutcome(k, answer(caseId(k, i))));
});

describe("hostile JavaScript in the sandbox container", () => {
  for (const [i, k] of JAVASCRIPT_CASES.entries()) it(k.name, () => assertOutcome(k, answer(caseId(k, i))));
});

describe("fresh state per job in the sandbox container", () => {
  for (const [i, k] of PERSISTENCE_CASES.entries())
    it(k.name, () => assertFreshState(k, answer(`fresh/${i}/plant`), answer(`fresh/${i}/probe`)));
});

describe("the sandbox container after the hostile suite", () => {
  it("answers ordinary statistics jobs in both languages", () => {
    console.log(`${outcome.answers.length} jobs in ${(batchMs / 1000).toFixed(1)} s`);
    const py = answer("ordinary/python").body;
    assert.deepEqual(py, { status: "ok", result: { mean: 5, stdev: 2 }, stdout: "", duration_ms: py.duration_ms });
    const js = answer("ordinary/javascript").body;
    assert.deepEqual(js, { status: "ok", result: { mean: 5, stdev: 2 }, stdout: "n 8\n", duration_ms: js.duration_ms });
  });

  it("never let a forbidden effect happen", async () => {
    assert.equal(
      connections,
      0,
      "the listener on the sandbox container's loopback saw a connection (or did not report)",
    );
    const after = await containerState(sandbox, [context.hostProofPath]);
    assert.deepEqual(after.existing, [], "a job created a file in the sandbox container");
    assert.equal(existsSync(context.hostProofPath), false, "a job created a file on the Docker host");
    assert.deepEqual(
      after.listeningPorts,
      stateBefore.listeningPorts,
      "a job left a listening socket in the sandbox container",
    );
    // Every secret of the instance, as the secrets audit searches for it (a TLS bundle by its private key).
    const needles = needlesOf(readSecrets(localPaths(REPO_ROOT, TEST_INSTANCE).secrets));
    assertNoLeak(
      outcome.answers.map((a) => a.text),
      needles.map((n) => n.bytes.toString()),
    );
  });

  it("is still running, was not restarted and is ready", async () => {
    const now = await inspect(sandbox);
    assert.deepEqual(
      [now.State.Status, now.RestartCount, now.State.StartedAt],
      ["running", startedAs.RestartCount, startedAs.State.StartedAt],
    );
    assert.equal(outcome.ready, 200, "GET /health/ready after the run");
  });

  it("keeps its worker processes and memory bounded after killed workers", async () => {
    const poolSize = stack.model.config.sandbox.poolSize;
    // The service and a full pool per language; replacements for killed workers must settle to it.
    const bound = 1 + 2 * poolSize;
    const settled = await eventually(
      () => containerState(sandbox),
      (s) => s.processes <= bound,
      SETTLE_MS,
    );
    assert.ok(settled.processes <= bound, `processes in the sandbox container: ${settled.processes}, at most ${bound}`);
    const limitMiB = (stack.model.services.find((s) => s.name === "sandbox") ?? assert.fail("no sandbox in the model"))
      .limits.memoryMiB;
    const usedMiB = Math.round(settled.memoryBytes / 2 ** 20);
    assert.ok(
      usedMiB <= MEMORY_SHARE_OF_LIMIT * limitMiB,
      `the sandbox container uses ${usedMiB} MiB of its ${limitMiB} MiB after the run`,
    );
  });
});
