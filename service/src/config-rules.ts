/** The parsed variables the rules read (numbers by then). */
export type LimitEnv = Readonly<Record<LimitName, number>>;
type LimitName =
  | "MAX_IN_FLIGHT"
  | "MAX_IN_FLIGHT_PER_CALLER"
  | "IN_FLIGHT_ADMIN_RESERVE"
  | "HEADERS_TIMEOUT_MS"
  | "BODY_TIMEOUT_MS"
  | "REQUEST_TIMEOUT_MS"
  | "CONNECTION_IDLE_TIMEOUT_MS";
type LimitRule = {
  name: LimitName;
  uses: readonly LimitName[];
  holds: (env: LimitEnv) => boolean;
  bound: (env: LimitEnv) => string;
};
/** Rules between the slow-client limits: the variable to change, the ones it is checked against, the bound it must keep. */
export const CLIENT_LIMIT_RULES: readonly LimitRule[] = [
  {
    name: "MAX_IN_FLIGHT_PER_CALLER",
    uses: ["MAX_IN_FLIGHT", "IN_FLIGHT_ADMIN_RESERVE"],
    holds: (env) => env.MAX_IN_FLIGHT_PER_CALLER <= env.MAX_IN_FLIGHT - env.IN_FLIGHT_ADMIN_RESERVE,
    bound: (env) =>
      `at most MAX_IN_FLIGHT - IN_FLIGHT_ADMIN_RESERVE, now ${env.MAX_IN_FLIGHT - env.IN_FLIGHT_ADMIN_RESERVE}`,
  },
  {
    name: "REQUEST_TIMEOUT_MS",
    uses: ["HEADERS_TIMEOUT_MS", "BODY_TIMEOUT_MS"],
    holds: (env) => env.REQUEST_TIMEOUT_MS >= env.HEADERS_TIMEOUT_MS + env.BODY_TIMEOUT_MS,
    bound: (env) =>
      `at least HEADERS_TIMEOUT_MS + BODY_TIMEOUT_MS, now ${env.HEADERS_TIMEOUT_MS + env.BODY_TIMEOUT_MS}`,
  },
  {
    name: "CONNECTION_IDLE_TIMEOUT_MS",
    uses: ["REQUEST_TIMEOUT_MS"],
    holds: (env) => env.CONNECTION_IDLE_TIMEOUT_MS >= env.REQUEST_TIMEOUT_MS,
    bound: (env) =>
      `at least REQUEST_TIMEOUT_MS, now ${env.REQUEST_TIMEOUT_MS}, so a stalled request is answered 408, not dropped`,
  },
];
