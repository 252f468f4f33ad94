/** One request every smoke makes, and whether the api must answer it or it must be refused. */
export interface SmokeRequest {
  name: string;
  path: string;
  /** Must be refused (the proxy denies it; the api has no such route). Otherwise the api answers 200. */
  refused: boolean;
}

/**
 * The one list of smoke requests: readiness, liveness, and `/metrics` refused (metrics are for
 * Prometheus on its own port, never routed). Every smoke asks these: `npm start`'s through the proxy,
 * and the runbooks' direct smoke of one colour (Compose: each replica on the edge network; Pulumi:
 * the colour's preview listener).
 */
export const SMOKE_REQUESTS: readonly SmokeRequest[] = [
  { name: "ready", path: "/health/ready", refused: false },
  { name: "live", path: "/health/live", refused: false },
  { name: "metrics refused", path: "/metrics", refused: true },
];

/** Statuses that count as a refusal: the proxy's deny (404, as the api's unknown route) or a 403. */
export const REFUSED_STATUSES: readonly number[] = [403, 404];

export const smokePasses = (request: SmokeRequest, status: number): boolean =>
  request.refused ? REFUSED_STATUSES.includes(status) : status === 200;
