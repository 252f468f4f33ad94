import type { FastifyBaseLogger } from "fastify";
import type { Config } from "../../config.js";
import { createTranslator } from "../../engines/nl/translator.js";
import { translatorConfigFromEnv } from "../../engines/nl/translator-config.js";
import type { EngineDeps } from "../../engines/registry.js";
import type { SandboxRequest, SandboxResponse } from "../../engines/stats/sandbox-client.js";
import {
  createSandboxClient,
  SandboxRequestError,
  SandboxUnavailableError,
  type SandboxJob,
  type SandboxResult,
} from "../../sandbox/client.js";

/** The sandbox as the API uses it; absent when SANDBOX_URL or SANDBOX_TOKEN is unset. */
export interface SandboxPort {
  execute(job: SandboxJob): Promise<SandboxResult>;
}

/**
 * The sandbox client with its failure detail (internal host names) kept in the log: callers get
 * a SandboxUnavailableError saying only that the sandbox is unavailable.
 */
export function sandboxPort(config: Config, logger: FastifyBaseLogger): SandboxPort | undefined {
  const { url, token } = config.sandbox;
  if (url === undefined || token === undefined) return undefined;
  const client = createSandboxClient({ url, token: token.reveal(), timeoutMs: config.security.sandboxTimeoutMs });
  return {
    async execute(job) {
      try {
        return await client.execute(job);
      } catch (error) {
        if (error instanceof SandboxRequestError) throw error;
        logger.warn({ err: { message: (error as Error).message } }, "sandbox unavailable");
        throw new SandboxUnavailableError("the sandbox service is unavailable; retry later");
      }
    },
  };
}

/**
 * Collaborators of the engines: the sandbox for code claims, and the optional translator of
 * the natural-language engine (configured by its own VERIFIER_TRANSLATOR_* variables; off by default).
 */
export function engineDeps(
  sandbox: SandboxPort | undefined,
  env: Record<string, string | undefined> = process.env,
): EngineDeps {
  const translatorConfig = translatorConfigFromEnv(env);
  return {
    ...(sandbox
      ? { sandbox: { execute: (request: SandboxRequest) => sandbox.execute(request) as Promise<SandboxResponse> } }
      : {}),
    ...(translatorConfig ? { translator: createTranslator(translatorConfig) } : {}),
  };
}
