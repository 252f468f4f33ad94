import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createTranslator, TranslationError } from "./translator.js";
import { translatorConfigFromEnv, TranslatorConfigError } from "./translator-config.js";

type Seen = { path: string; auth: string | undefined; body: any };
const seen: Seen[] = [];

const answer = (content: string) => JSON.stringify({ choices: [{ message: { role: "assistant", content } }] });

/** The fake chat-completions server: the user message picks the behaviour. */
function handle(req: IncomingMessage, res: ServerResponse): void {
  let raw = "";
  req.on("data", (chunk) => (raw += chunk));
  req.on("end", () => {
    const body = JSON.parse(raw);
    seen.push({ path: req.url ?? "", auth: req.headers.authorization, body });
    const query: string = body.messages[1].content;
    if (query === "slow") return void setTimeout(() => res.end(answer("1 = 1")), 2_000).unref();
    if (query === "not json") return void res.end("<html>oops</html>");
    if (query === "wrong shape") return void res.end(JSON.stringify({ choices: [] }));
    if (query === "none") return void res.end(answer("NONE"));
    if (query === "error") return void res.writeHead(500).end("{}");
    res.end(answer("`2 + 2 = 4`"));
  });
}

let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const translator = (timeoutMs = 1_000) => createTranslator({ baseUrl, model: "tiny", apiKey: "sk-test", timeoutMs });
const failsWith = (code: string) => (e: unknown) => e instanceof TranslationError && e.code === code;

describe("createTranslator against a local fake server", () => {
  it("posts a chat completion with the model, temperature 0 and the bearer key, and returns the expression", async () => {
    assert.equal(await translator().translate("what is two plus two"), "2 + 2 = 4");
    const last = seen.at(-1)!;
    assert.equal(last.path, "/v1/chat/completions");
    assert.equal(last.auth, "Bearer sk-test");
    assert.equal(last.body.model, "tiny");
    assert.equal(last.body.temperature, 0);
    assert.equal(last.body.messages[0].role, "system");
  });

  it("times out on a slow answer", async () => {
    await assert.rejects(translator(200).translate("slow"), failsWith("TIMEOUT"));
  });

  it("reports malformed answers, HTTP errors and NONE", async () => {
    await assert.rejects(translator().translate("not json"), failsWith("MALFORMED_RESPONSE"));
    await assert.rejects(translator().translate("wrong shape"), failsWith("MALFORMED_RESPONSE"));
    await assert.rejects(translator().translate("error"), failsWith("HTTP_ERROR"));
    await assert.rejects(translator().translate("none"), failsWith("NO_TRANSLATION"));
  });

  it("reports an unreachable server as NETWORK", async () => {
    const closed = createTranslator({ baseUrl: "http://127.0.0.1:1/v1", model: "tiny", timeoutMs: 1_000 });
    await assert.rejects(closed.translate("x"), failsWith("NETWORK"));
  });
});

describe("translatorConfigFromEnv", () => {
  it("is off (null) by default", () => assert.equal(translatorConfigFromEnv({}), null));

  it("reads base URL, model, key and timeout", () => {
    const env = {
      VERIFIER_TRANSLATOR_BASE_URL: "http://127.0.0.1:9/v1",
      VERIFIER_TRANSLATOR_MODEL: "m",
      VERIFIER_TRANSLATOR_API_KEY: "k",
      VERIFIER_TRANSLATOR_TIMEOUT_MS: "2500",
    };
    assert.deepEqual(translatorConfigFromEnv(env), {
      baseUrl: "http://127.0.0.1:9/v1",
      model: "m",
      apiKey: "k",
      timeoutMs: 2500,
    });
  });

  it("reports every problem at once, without the key's value", () => {
    const env = {
      VERIFIER_TRANSLATOR_BASE_URL: "http://127.0.0.1:9/v1",
      VERIFIER_TRANSLATOR_TIMEOUT_MS: "5",
      VERIFIER_TRANSLATOR_API_KEY: "secret-value",
    };
    assert.throws(
      () => translatorConfigFromEnv(env),
      (e: unknown) =>
        e instanceof TranslatorConfigError &&
        /VERIFIER_TRANSLATOR_TIMEOUT_MS/.test(e.message) &&
        /VERIFIER_TRANSLATOR_MODEL: required/.test(e.message) &&
        !e.message.includes("secret-value"),
    );
  });
});
