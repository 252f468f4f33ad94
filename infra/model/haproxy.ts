import type { Colour, StackConfig } from "../config/schema.js";
import { httpsFrontend, previewFrontends } from "./haproxyFrontends.js";
import { PORTS, previewListener } from "./ports.js";
import { replayRules } from "./replays.js";

const COLOURS: Colour[] = ["blue", "green"];

/** HAProxy server name of replica i of a colour; the runtime API flips traffic by these names. */
export const serverName = (colour: Colour, index: number): string => `${colour}-${index}`;

/**
 * The proxy's configuration. Both colours are declared in one backend; the idle colour's servers start
 * in maintenance, so a flip is a runtime state change (drain old, ready new) with no reload, and this
 * file, re-rendered with the new active colour, keeps the choice across restarts.
 */
export function haproxyConfig(cfg: StackConfig): string {
  return [
    global(),
    defaults(),
    health(),
    httpsFrontend(cfg),
    backend(cfg),
    ...previewFrontends(cfg),
    ...previewBackends(cfg),
  ].join("\n");
}

function global(): string {
  return `global
  log stdout format raw local0 info
  # Runtime API for the blue/green switch: loopback inside the proxy's own network namespace only,
  # reached with \`docker exec <proxy> haproxy-cmd "<command>"\`.
  stats socket ipv4@127.0.0.1:${PORTS.proxyAdmin} level admin
  pidfile /run/haproxy/haproxy.pid
  ssl-default-bind-options ssl-min-ver TLSv1.2
  tune.ssl.default-dh-param 2048
  # A reload leaves the old worker serving what it holds for at most this long (see defaults()).
  hard-stop-after 30s

${RESOLVERS}`;
}

/**
 * Docker's DNS (127.0.0.11) finds a replaced container's new address within 5 s (`hold valid`). A name
 * that is gone (`nx`: the container removed) lets its server go after 5 s. A DNS server that does not
 * answer, refuses or fails (dockerd busy) keeps the last address for 30 s, HAProxy's own default: with
 * 5 s a stall of dockerd's DNS put the live servers into maintenance and the proxy answered 503 with
 * every api healthy (tests/live/haproxy-dns.test.ts). A dead server is still taken out by its checks.
 */
const RESOLVERS = `resolvers docker
  nameserver dns 127.0.0.11:53
  resolve_retries 3
  timeout resolve 1s
  timeout retry 1s
  hold valid 5s
  hold nx 5s
  hold other 30s
  hold refused 30s
  hold timeout 30s
`;

/**
 * Failover when an api replica dies: every retry goes to another server (`redispatch 1`), and a request
 * whose server vanished before answering (`empty-response`) is retried too, when replaying it is safe
 * (the backend disables it for the rest: `replays.ts` says which). Checks speed up while a server changes state (`fastinter`) and
 * while it is down (`downinter`), so a restarted replica is back in rotation within about 0.5 s of
 * answering, and a dead one (refused or unreachable) is out within about 1.3 s. A check may take 3 s to
 * answer (`timeout check`): the survivor of a crash carries its peer's load, and taking it out for
 * being slow would turn one lost replica into a 503 for everyone.
 *
 * A reload (how the Pulumi targets apply a changed configuration: a flip, a renewed certificate)
 * soft-stops the old worker. By default it then closes its idle keep-alive connections at once, and a
 * request a client is already sending over one fails with ECONNRESET. `idle-close-on-response` makes
 * it answer that connection's next request (with `Connection: close`) and only then close it; the
 * keep-alive timeout and `hard-stop-after` bound how long an old worker lingers.
 */
function defaults(): string {
  return `defaults
  mode http
  log global
  option httplog
  option redispatch 1
  option idle-close-on-response
  retries 3
  retry-on conn-failure empty-response
  timeout connect 3s
  timeout client 60s
  timeout server 60s
  timeout http-request 10s
  timeout http-keep-alive 10s
  timeout check 3s
  default-server init-addr last,libc,none resolvers docker check inter 1s fastinter 250ms downinter 500ms fall 2 rise 2
`;
}

function health(): string {
  return `frontend health
  bind :${PORTS.proxyStats}
  http-request return status 200 content-type text/plain string ok if { path /healthz }
  http-request deny deny_status 404
`;
}

/**
 * The proxy checks liveness, not readiness: both colours share Postgres and Redis, so taking every
 * server out when a data service blips would turn the api's coded 503s (and its Redis-less degraded
 * mode) into a total outage. Readiness gates a colour before it takes traffic (the deploy runbook).
 */
function backend(cfg: StackConfig): string {
  const servers = COLOURS.flatMap((colour) => apiServers(cfg, colour, colour === cfg.activeColour ? "" : " disabled"));
  return `backend api
  balance roundrobin
${REPLAY_RULES}
${LIVENESS_CHECK}
${servers.join("\n")}
`;
}

/** A preview listener's colour, always in service: no runtime API command ever touches these backends. */
function previewBackends(cfg: StackConfig): string[] {
  if (cfg.previewPorts === undefined) return [];
  return COLOURS.map(
    (colour) => `backend ${previewListener(colour).name}
${REPLAY_RULES}
${LIVENESS_CHECK}
${apiServers(cfg, colour, "").join("\n")}
`,
  );
}

const REPLAY_RULES = replayRules().join("\n");

const LIVENESS_CHECK = `  option httpchk GET /health/live
  http-check expect status 200`;

const apiServers = (cfg: StackConfig, colour: Colour, state: string): string[] =>
  Array.from(
    { length: cfg.apiReplicas },
    (_, i) => `  server ${serverName(colour, i + 1)} api-${colour}-${i + 1}:${PORTS.apiHttp}${state}`,
  );
