import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { Logger } from "pino";
import { closeRedis } from "../cache/redis.js";
import type { EngineThreads } from "../engines/pool/engine-threads.js";
import type { DrainState } from "./drain-state.js";

/** One named thing to close, run in order. */
export interface ShutdownStep {
  name: string;
  run: () => Promise<void>;
}

export interface ShutdownOptions {
  steps: readonly ShutdownStep[];
  drain: DrainState;
  /** Budget for all steps (SHUTDOWN_GRACE_MS); past it the process exits 1. */
  graceMs: number;
  logger: Logger;
  exit: (code: number) => void;
}

export interface Closeables {
  app: FastifyInstance;
  metricsServer: FastifyInstance;
  pool: pg.Pool;
  redis: Redis;
  engineThreads: EngineThreads;
}

/**
 * The shutdown order as data: the API listener first (stops accepting, lets in-flight requests
 * finish), then what those requests were using. Metrics keep answering until the drain is over.
 */
export function shutdownSteps(parts: Closeables): ShutdownStep[] {
  return [
    { name: "api listener", run: () => parts.app.close() },
    { name: "metrics listener", run: () => parts.metricsServer.close() },
    { name: "postgres pool", run: () => parts.pool.end() },
    { name: "redis", run: () => closeRedis(parts.redis) },
    { name: "engine threads", run: () => parts.engineThreads.close() },
  ];
}

/** Drains and closes everything; exits 0, or 1 when a step failed or the budget ran out. */
export async function shutdown(signal: string, options: ShutdownOptions): Promise<void> {
  const { logger, graceMs } = options;
  options.drain.start();
  logger.info({ signal, graceMs }, "shutdown started: draining in-flight requests");
  const deadline = setTimeout(() => {
    logger.error({ graceMs }, "drain exceeded SHUTDOWN_GRACE_MS; forcing exit");
    options.exit(1);
  }, graceMs);
  let failures = 0;
  for (const step of options.steps) failures += (await runStep(step, logger)) ? 0 : 1;
  clearTimeout(deadline);
  logger.info({ failures }, "shutdown complete");
  options.exit(failures === 0 ? 0 : 1);
}

async function runStep(step: ShutdownStep, logger: Logger): Promise<boolean> {
  try {
    await step.run();
    logger.debug({ step: step.name }, "closed");
    return true;
  } catch (error) {
    logger.error({ err: error, step: step.name }, "shutdown step failed");
    return false;
  }
}

/** First SIGTERM/SIGINT starts the shutdown; later ones are logged and ignored. */
export function installSignalHandlers(options: ShutdownOptions): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return void options.logger.warn({ signal }, "shutdown already in progress");
    started = true;
    void shutdown(signal, options);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
