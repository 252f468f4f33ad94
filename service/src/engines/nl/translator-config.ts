import { z } from "zod";

/** Environment of the optional translator. Unset base URL = translator off (the default). */
export const TranslatorEnvSchema = z
  .object({
    /** OpenAI-compatible API root, e.g. http://127.0.0.1:8080/v1 (POST {base}/chat/completions). Default: unset, off. */
    VERIFIER_TRANSLATOR_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Model name sent in each request. Required when the base URL is set. */
    VERIFIER_TRANSLATOR_MODEL: z.string().min(1).optional(),
    /** Bearer token, sent as Authorization; never logged or put into evidence. Default: none. */
    VERIFIER_TRANSLATOR_API_KEY: z.string().min(1).optional(),
    /** Whole-request timeout in milliseconds. Default 5000, range 100-60000. */
    VERIFIER_TRANSLATOR_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  })
  .superRefine((env, ctx) => {
    if (env.VERIFIER_TRANSLATOR_BASE_URL !== undefined && env.VERIFIER_TRANSLATOR_MODEL === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["VERIFIER_TRANSLATOR_MODEL"],
        message: "required when VERIFIER_TRANSLATOR_BASE_URL is set",
      });
    }
  });

export type TranslatorConfig = { baseUrl: string; model: string; apiKey?: string; timeoutMs: number };

export class TranslatorConfigError extends Error {
  readonly code = "TRANSLATOR_CONFIG_INVALID";
}

/** The translator's configuration from the environment, or null when it is off. Reports every problem at once. */
export function translatorConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
): TranslatorConfig | null {
  const parsed = TranslatorEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new TranslatorConfigError(
      `translator environment invalid: ${problems}; unset VERIFIER_TRANSLATOR_BASE_URL to turn it off`,
    );
  }
  const e = parsed.data;
  if (e.VERIFIER_TRANSLATOR_BASE_URL === undefined) return null;
  const config: TranslatorConfig = {
    baseUrl: e.VERIFIER_TRANSLATOR_BASE_URL,
    model: e.VERIFIER_TRANSLATOR_MODEL!,
    timeoutMs: e.VERIFIER_TRANSLATOR_TIMEOUT_MS,
  };
  if (e.VERIFIER_TRANSLATOR_API_KEY !== undefined) config.apiKey = e.VERIFIER_TRANSLATOR_API_KEY;
  return config;
}
