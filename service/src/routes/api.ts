import type { FastifyPluginAsync } from "fastify";
import { VerificationCache } from "../cache/verification-cache.js";
import { createEngineRunners } from "../engines/registry.js";
import { createGateway, type Gateway } from "../security/gateway.js";
import { installGatewayHooks } from "../security/gateway-hooks.js";
import { inFlightCaller } from "../security/in-flight-caller.js";
import { installInputShapeCheck } from "../security/input-shape-hook.js";
import { bootstrapAdminKey } from "../security/keys/bootstrap.js";
import type { ApiVerdict } from "../security/screen-input.js";
import { installInFlightLimit } from "../plugins/in-flight.js";
import { installOverloadShedding } from "../plugins/overload.js";
import { batchRoutes } from "./batch.js";
import type { RouteContext } from "./context.js";
import { keyRoutes } from "./keys.js";
import { sandboxRoutes } from "./sandbox.js";
import { securityRoutes } from "./security.js";
import { BatchStore } from "./verification/batch-store.js";
import { engineDeps, sandboxPort } from "./verification/engine-deps.js";
import { VerificationPipeline } from "./verification/pipeline.js";
import { verifyRoutes } from "./verify.js";

/**
 * Every gated route behind the security gateway: the hooks added here run for every route
 * registered below (and only those), so no route can be reached around them.
 */
export const apiRoutes: FastifyPluginAsync<RouteContext> = async (app, context) => {
  installInFlightLimit(app, context.config.inFlight, {
    callerOf: inFlightCaller,
    gauge: context.metrics.inFlightSlots,
  });
  await installOverloadShedding(app, context.config.overload);
  const gateway = createGateway(context, app.log);
  installGatewayHooks(app, gateway);
  installInputShapeCheck(app);
  const bootstrapFile = context.config.bootstrapAdminKeyFile;
  if (bootstrapFile)
    app.addHook("onReady", async () => void (await bootstrapAdminKey(bootstrapFile, gateway.keys, app.log)));
  const sandbox = sandboxPort(context.config, app.log);
  const pipeline = createPipeline(context, gateway, engineDeps(sandbox));
  const { security, inputMaxChars } = context.config;
  await app.register(verifyRoutes, { pipeline });
  await app.register(batchRoutes, {
    pipeline,
    store: new BatchStore(context.pool, context.metrics.dbQueryDurationSeconds),
    concurrency: security.batchConcurrency,
  });
  await app.register(sandboxRoutes, {
    gateway,
    sandbox,
    maxChars: inputMaxChars,
    maxima: context.config.sandbox.maxima,
  });
  await app.register(keyRoutes, { context, gateway });
  await app.register(securityRoutes, { context, gateway });
};

function createPipeline(
  context: RouteContext,
  gateway: Gateway,
  deps: ReturnType<typeof engineDeps>,
): VerificationPipeline {
  const { config, redis } = context;
  const cache = new VerificationCache<ApiVerdict>({
    redis,
    prefix: config.security.redisKeyPrefix,
    appVersion: config.app.version,
    ttlSeconds: config.security.verificationCacheTtlSeconds,
    timeoutMs: config.security.redisCommandTimeoutMs,
    metrics: gateway.metrics,
  });
  const runners = createEngineRunners(
    context.engineThreads === undefined ? deps : { ...deps, threads: context.engineThreads },
  );
  return new VerificationPipeline({
    gateway,
    cache,
    runners,
    maxChars: config.inputMaxChars,
    timeoutMs: config.security.verifyTimeoutMs,
  });
}
