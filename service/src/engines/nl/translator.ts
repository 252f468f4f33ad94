import { z } from "zod";
import { MATH_LIMITS } from "../math/limits.js";
import type { TranslatorConfig } from "./translator-config.js";

/** Turns a question into one math-engine expression. Its answer is only ever input to the math engine. */
export interface Translator {
  readonly model: string;
  translate(query: string): Promise<string>;
}

export type TranslationErrorCode = "TIMEOUT" | "NETWORK" | "HTTP_ERROR" | "MALFORMED_RESPONSE" | "NO_TRANSLATION";

export class TranslationError extends Error {
  constructor(
    readonly code: TranslationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const TRANSLATOR_PROMPT =
  "Translate the user's question into ONE arithmetic expression or claim for a math checker. " +
  "Use only numbers, single-letter variables, + - * / ^ ( ) and sqrt abs log exp sin cos tan; write a claim as `lhs = rhs`. " +
  "Answer with the expression only, on one line, no prose. If the question is not arithmetic, answer NONE.";

const ResponseSchema = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1) });

/** An OpenAI-compatible chat-completions client (global fetch, whole-request timeout, temperature 0). */
export function createTranslator(config: TranslatorConfig, fetchImpl: typeof fetch = fetch): Translator {
  const url = `${config.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (config.apiKey !== undefined) headers.authorization = `Bearer ${config.apiKey}`;
  return {
    model: config.model,
    translate: async (query) => {
      const body = JSON.stringify({
        model: config.model,
        temperature: 0,
        messages: [
          { role: "system", content: TRANSLATOR_PROMPT },
          { role: "user", content: query },
        ],
      });
      const payload = await post(
        fetchImpl,
        url,
        { method: "POST", headers, body, signal: AbortSignal.timeout(config.timeoutMs) },
        config.timeoutMs,
      );
      return extractExpression(payload);
    },
  };
}

async function post(fetchImpl: typeof fetch, url: string, init: RequestInit, timeoutMs: number): Promise<unknown> {
  try {
    const response = await fetchImpl(url, init);
    if (!response.ok) throw new TranslationError("HTTP_ERROR", `translator answered HTTP ${response.status}`);
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new TranslationError("MALFORMED_RESPONSE", "translator answer is not JSON");
    }
  } catch (error) {
    if (error instanceof TranslationError) throw error;
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw new TranslationError("TIMEOUT", `translator gave no answer within ${timeoutMs} ms`);
    }
    throw new TranslationError(
      "NETWORK",
      `translator unreachable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The first choice's content: one line, fences stripped, at most the math engine's length; NONE means no translation. */
export function extractExpression(payload: unknown): string {
  const parsed = ResponseSchema.safeParse(payload);
  if (!parsed.success)
    throw new TranslationError("MALFORMED_RESPONSE", "translator answer lacks choices[0].message.content");
  const text = parsed.data.choices[0]!.message.content.trim()
    .replace(/^`+|`+$/g, "")
    .trim();
  if (text === "" || text.toUpperCase() === "NONE")
    throw new TranslationError("NO_TRANSLATION", "translator found no arithmetic in the question");
  if (text.includes("\n") || text.length > MATH_LIMITS.expressionChars) {
    throw new TranslationError("MALFORMED_RESPONSE", "translator answer is not a single expression line");
  }
  return text;
}
