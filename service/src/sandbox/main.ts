import { pino, type Logger } from "pino";
import { loadConfig, type SandboxConfig } from "./config.js";
import { withDataLimit } from "./dataLimit.js";
import { SandboxError } from "./errors.js";
import { RSS_SLACK_MIB } from "./jobRunner.js";
import type { LimitMaxima } from "./jobSchema.js";
import { createMetrics, type PoolGauge } from "./metrics.js";
import { closeServer, startMetricsServer } from "./metricsServer.js";
import { WorkerPool, type PoolOptions } from "./pool.js";
import { resolveRuntimes } from "./runtimePaths.js";
import { buildServer } from "./server.js";
import { SandboxService } from "./service.js";
import type { Language } from "./worker/messages.js";
import { locateWorkerCode } from "./workerBuild.js";
import { makeSnapshot, MAX_JOBS_PER_WORKER, workerStarter, type WorkerFactoryInput } from "./workerFactory.js";

/** Time SIGTERM gives running and queued jobs before workers are killed, ms (under the 45 s stop grace). */
const DRAIN_MS = 30_000;
/** V8 heap of a worker beyond the job memory maximum, MiB (Pyodide's JS side needs about 100). */
const WORKER_HEAP_BASE_MIB = 256;

function maximaOf(config: SandboxConfig): LimitMaxima {
  return {
    wallMs: config.SANDBOX_MAX_WALL_MS,
    memoryMib: config.SANDBOX_MAX_MEMORY_MIB,
    outputBytes: config.SANDBOX_MAX_OUTPUT_BYTES,
    outputLines: config.SANDBOX_MAX_OUTPUT_LINES,
  };
}

function createPool(
  config: SandboxConfig,
  language: Language,
  start: PoolOptions["startWorker"],
  logger: Logger,
): WorkerPool {
  return new WorkerPool({
    language,
    size: config.SANDBOX_POOL_SIZE,
    queueLimit: config.SANDBOX_QUEUE_SIZE,
    maxJobsPerWorker: MAX_JOBS_PER_WORKER[language],
    startWorker: start,
    onWorkerError: (error) => logger.error({ err: error, language }, "sandbox worker failed to start"),
  });
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({ level: config.LOG_LEVEL, redact: ["req.headers.authorization"] });
  const input: WorkerFactoryInput = {
    code: await locateWorkerCode(),
    runtimes: resolveRuntimes(),
    heapMib: WORKER_HEAP_BASE_MIB + config.SANDBOX_MAX_MEMORY_MIB,
  };
  let snapshot: Uint8Array | undefined;
  const pools = {
    // Python reaches host memory through Pyodide's FFI: each worker gets a kernel bound before its job.
    python: createPool(
      config,
      "python",
      withDataLimit(() => workerStarter(input, "python", snapshot)(), config.SANDBOX_MAX_MEMORY_MIB + RSS_SLACK_MIB),
      logger,
    ),
    javascript: createPool(config, "javascript", workerStarter(input, "javascript"), logger),
  };
  const metrics = createMetrics({
    python: poolGauge(pools.python, config),
    javascript: poolGauge(pools.javascript, config),
  });
  const service = new SandboxService(pools, maximaOf(config), metrics);
  const app = buildServer({ service, token: config.token, maxima: maximaOf(config), logger });
  await app.listen({ host: config.HOST, port: config.PORT });
  const metricsServer = await startMetricsServer(metrics.registry, config.METRICS_HOST, config.METRICS_PORT);
  const shutdown = async (): Promise<void> => {
    logger.info("SIGTERM: draining jobs, then stopping workers");
    await Promise.all([app.close(), service.close(DRAIN_MS), closeServer(metricsServer)]);
    process.exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void shutdown());
  pools.javascript.start();
  snapshot = await makeSnapshot(input);
  pools.python.start();
  logger.info({ poolSize: config.SANDBOX_POOL_SIZE }, "sandbox pools warming");
}

function poolGauge(pool: WorkerPool, config: SandboxConfig): PoolGauge {
  return { size: config.SANDBOX_POOL_SIZE, stats: () => pool.stats(), retired: () => pool.retired() };
}

main().catch((error: unknown) => {
  const message =
    error instanceof SandboxError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`sandbox: ${message}\n`);
  process.exit(error instanceof SandboxError && error.code === "SANDBOX_CONFIG_INVALID" ? 2 : 1);
});
