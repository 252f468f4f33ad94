import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { rootCertificates } from "node:tls";
import type { StackConfig } from "../../../infra/config/schema.js";
import { RunbookError } from "../../cli/errors.js";
import type { Expectation, Verdict } from "../../plan/judge.js";
import type { Colour } from "../../plan/types.js";
import { burst } from "../burst.js";
import { pollUntil } from "../poll.js";
import { judgeSmoke, smokeUrls } from "../smokeRequests.js";
import type { StackOutputs } from "./outputs.js";

/** Timings of the Pulumi target, one table. */
export const PULUMI_DEFAULTS = {
  /** How long a colour's preview listener may take to answer ready once `up` finished, ms. */
  previewReadyTimeoutMs: 60_000,
  /** Interval between two looks at a preview listener, ms. */
  pollMs: 250,
  /** Time limit of one request (smoke or verification), ms. */
  requestTimeoutMs: 10_000,
  /** Requests in flight at once during a verification burst. */
  verifyConcurrency: 10,
} as const;

/**
 * What the runbooks trust for the stack's listeners, written to `caFile` (an explicit list replaces
 * Node's default one, so it is built whole). Self-signed stacks: their own certificate, a public
 * output. Provided certificates: the system's roots, the private CA NODE_EXTRA_CA_CERTS names if any,
 * and the stack's own certificate, so one provided self-signed (a closed network, a test) is trusted
 * as the certificate the stack declares, and one a CA issued chains as usual.
 */
export function trustedCa(
  cfg: StackConfig,
  out: StackOutputs,
  caFile: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const pems =
    cfg.tls.mode === "self-signed" ? [out.tlsCertificate] : [...rootCertificates, ...extraCas(env), out.tlsCertificate];
  mkdirSync(dirname(caFile), { recursive: true });
  writeFileSync(caFile, `${pems.map((p) => p.trim()).join("\n")}\n`, { mode: 0o644 });
  return caFile;
}

/** The certificates NODE_EXTRA_CA_CERTS points at, as Node itself would add them; a file that cannot be read is refused by name. */
function extraCas(env: NodeJS.ProcessEnv): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return [readFileSync(file, "utf8")];
  } catch (err) {
    throw new RunbookError(
      "TLS_TRUST",
      `NODE_EXTRA_CA_CERTS=${file} cannot be read (${(err as Error).message}); point it at a PEM file of the CA that issued the stack's certificate, or unset it`,
    );
  }
}

/** A colour's preview listener; a stack without one cannot smoke that colour directly. */
export function previewUrlOf(out: StackOutputs, colour: Colour, stack: string): string {
  const url = out.previewUrls[colour];
  if (url !== undefined) return url;
  throw new RunbookError(
    "SMOKE_FAILED",
    `stack ${stack} exports no preview address for ${colour}, so it cannot be smoked directly; set verifier:previewPorts (e.g. {"blue":8444,"green":8445}, host ports published on 127.0.0.1) in Pulumi.${stack}.yaml and run the command again`,
  );
}

const ask = (url: string, caFile: string | undefined, requests = 1) =>
  burst({
    url,
    requests,
    concurrency: Math.min(requests, PULUMI_DEFAULTS.verifyConcurrency),
    timeoutMs: PULUMI_DEFAULTS.requestTimeoutMs,
    ...(caFile ? { caFile } : {}),
  });

/** Every smoke request once through the colour's preview listener, judged as the Compose direct smoke is. */
export async function smokePreview(url: string, caFile: string | undefined, expect: Expectation): Promise<Verdict> {
  const answers = await Promise.all(smokeUrls([url]).map((u) => ask(u, caFile)));
  return judgeSmoke(answers.flat(), expect);
}

/**
 * `up` returns once the containers are healthy; the proxy then needs a moment to resolve a replaced
 * container's address and pass its checks. Waits until the colour answers ready there.
 */
export async function awaitPreviewReady(url: string, caFile: string | undefined, colour: Colour): Promise<void> {
  const seen = await pollUntil(
    () => ask(`${url}/health/ready`, caFile),
    ([a]) => a?.status === 200 && a.colour === colour,
    {
      timeoutMs: PULUMI_DEFAULTS.previewReadyTimeoutMs,
      everyMs: PULUMI_DEFAULTS.pollMs,
    },
  );
  if (seen.settled) return;
  const [last] = seen.value;
  const what = last?.error ?? `${last?.status} from ${last?.colour ?? "no colour"}`;
  throw new RunbookError(
    "DEPLOY_FAILED",
    `${colour} did not answer ready on its preview listener ${url} within ${seen.ms} ms (last answer: ${what}); its containers and the proxy's log (\`docker logs\`) say why`,
  );
}

/** A burst through the main listener, as clients reach the stack. */
export const verifyBurst = (url: string, caFile: string | undefined, requests: number) =>
  ask(`${url}/health/ready`, caFile, requests);
