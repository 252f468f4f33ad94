import { spawn } from "node:child_process";
import type { KubeTarget } from "../../../infra/pulumi/steps/plan.js";
import { RunbookError } from "../../cli/errors.js";

/** How long `kubectl proxy` may take to say where it serves, ms. */
const START_TIMEOUT_MS = 15_000;
const SERVING = /Starting to serve on 127\.0\.0\.1:(\d+)/;

export interface KubeProxy {
  /** http://127.0.0.1:<port>: the API server, with the kubeconfig's credentials added. */
  base: string;
  stop(): void;
}

/**
 * `kubectl proxy` on a free loopback port, as the release engineer's kubeconfig (any auth it uses):
 * the way the runbooks reach a colour's Service, through the API server's service proxy, which
 * follows the Service's endpoints on every request. Stopped by `stop()`, or with this process.
 */
export function startKubeProxy(target: KubeTarget, env: NodeJS.ProcessEnv = process.env): Promise<KubeProxy> {
  const argv = [...(target.context ? ["--context", target.context] : []), "proxy", "--address=127.0.0.1", "--port=0"];
  const child = spawn("kubectl", argv, { env, stdio: ["ignore", "pipe", "pipe"] });
  const stop = () => {
    process.off("exit", stop);
    child.kill("SIGTERM");
  };
  process.on("exit", stop);
  let said = "";
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      stop();
      reject(
        new RunbookError(
          "KUBERNETES_UNREACHABLE",
          `\`kubectl ${argv.join(" ")}\` ${why}; the runbooks reach the cluster through it: check that kubectl is on PATH and that KUBECONFIG${target.context ? ` has the context ${target.context}` : "'s current context"} reaches the API server (\`kubectl version\`)`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`said nothing of serving within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      said += chunk.toString();
      const port = SERVING.exec(said)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      child.stdout.off("data", read);
      resolve({ base: `http://127.0.0.1:${port}`, stop });
    };
    child.stdout.on("data", read);
    child.stderr.on("data", (chunk: Buffer) => {
      said += chunk.toString();
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      fail(`could not start (${e.message})`);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(`exited with ${code}: ${said.trim().slice(-300)}`);
    });
  });
}

/** A Service's HTTP port through the API server's service proxy. */
export const serviceUrl = (proxy: KubeProxy, namespace: string, service: string): string =>
  `${proxy.base}/api/v1/namespaces/${namespace}/services/${service}:http/proxy`;
