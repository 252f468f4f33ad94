import { buildApp } from "./app.js";
import { createRedis } from "./cache/redis.js";
import { loadConfig, type Config } from "./config.js";
import { EngineThreads } from "./engines/pool/engine-threads.js";
import { findMigrationsDir } from "./db/migrate/directory.js";
import { runMigrations } from "./db/migrate/runner.js";
import { createMigrationPool, createPool } from "./db/pool.js";
import { waitForDatabase } from "./db/wait-for-database.js";
import { DrainState } from "./lifecycle/drain-state.js";
import { installSignalHandlers, shutdownSteps } from "./lifecycle/shutdown.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics, type Metrics } from "./plugins/metrics.js";
import { shippedModel } from "./security/injection/training.js";
import { buildMetricsServer, listenMetricsServer } from "./plugins/metrics-server.js";
import type pg from "pg";

/** Boot order: validate config, then the database, then start listening; signals last. */
async function boot(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({
    level: config.logLevel,
    base: { colour: config.app.colour, version: config.app.version },
  });
  const metrics = createMetrics();
  // Started first: the workers warm up (Z3, compiled engines) while the database is awaited.
  const engineThreads = new EngineThreads(config.engineThreads, (engine, err) =>
    logger.error({ engine, err: { message: err.message } }, "engine worker failed; starting another"),
  );
  const pool = createPool(config.database, logger);
  // Not awaited: calls wait for the threads' warm-up before their deadlines start. An engine that cannot
  // run at all ends the process, whenever that shows.
  const warming = performance.now();
  engineThreads
    .ready()
    .then(() => logger.info({ ms: Math.round(performance.now() - warming) }, "engine threads warm"), failBoot);
  await prepareDatabase(pool, config, logger, metrics);
  const redis = createRedis(config.redis, logger);
  const drain = new DrainState();
  const app = buildApp({ config, pool, redis, logger, metrics, drain, engineThreads });
  const metricsServer = buildMetricsServer(metrics, logger, config.sandbox.metricsUrl);
  await app.listen({ host: config.host, port: config.port });
  // A METRICS_HOST this container cannot bind fails boot as METRICS_HOST_UNUSABLE (failBoot prints it).
  await listenMetricsServer(metricsServer, config.metricsHost, config.metricsPort);
  const steps = shutdownSteps({ app, metricsServer, pool, redis, engineThreads });
  installSignalHandlers({ steps, drain, graceMs: config.shutdownGraceMs, logger, exit: (code) => process.exit(code) });
  // Once listening and handling signals, not on the boot path: training the injection detector's model blocks about 50 ms, once.
  const training = performance.now();
  shippedModel();
  logger.info({ ms: Math.round(performance.now() - training) }, "injection model trained");
}

async function prepareDatabase(pool: pg.Pool, config: Config, logger: Logger, metrics: Metrics): Promise<void> {
  const { host, port, name, waitTimeoutMs } = config.database;
  const histogram = metrics.dbQueryDurationSeconds;
  await waitForDatabase(pool, { timeoutMs: waitTimeoutMs, target: `${host}:${port}/${name}`, logger, histogram });
  const migrator = createMigrationPool(config.database, logger);
  try {
    const result = await runMigrations(migrator, { dir: findMigrationsDir(), logger, histogram });
    logger.info(
      { ...result, migratedAs: config.database.migration.user, servingAs: config.database.user },
      "database ready",
    );
  } finally {
    await migrator.end();
  }
}

/** The one top-level handler: a coded error becomes one clear line on stderr and exit 1. */
function failBoot(error: unknown): void {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const label = typeof code === "string" ? code : "BOOT_FAILED";
  process.stderr.write(`fatal [${label}]: ${typeof message === "string" ? message : String(error)}\n`);
  process.exit(1);
}

boot().catch(failBoot);
