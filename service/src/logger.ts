import { hostname } from "node:os";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";

export type { Logger };

/** Key names whose values never reach a log line, at any depth of a logged plain object. */
const SENSITIVE_KEY = /password|token|secret|api[-_]?key|authorization|cookie/i;
const REDACTED = "[redacted]";
/** Deeper structures are cut rather than walked: log objects are small by design. */
const MAX_DEPTH = 8;

/** Header paths as pino serialises requests; the key walk below covers everything else. */
const HEADER_PATHS = ["authorization", "x-api-key", "cookie", "set-cookie"].flatMap((name) => [
  `req.headers["${name}"]`,
  `res.headers["${name}"]`,
  `headers["${name}"]`,
]);

export interface LoggerSettings {
  /** pino level name; default "info". */
  level?: LoggerOptions["level"];
  /** Service bindings added to every line (colour, version). */
  base?: Record<string, string>;
}

/** JSON logs on stdout (or `destination` in tests) with secrets redacted by key name. */
export function createLogger(settings: LoggerSettings = {}, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? "info",
    base: { pid: process.pid, hostname: hostname(), ...settings.base },
    redact: { paths: HEADER_PATHS, censor: REDACTED },
    formatters: {
      log: (object) => redactKeys(object, 0) as Record<string, unknown>,
      bindings: (bindings) => redactKeys(bindings, 0) as Record<string, unknown>,
    },
  };
  return redactChildBindings(destination ? pino(options, destination) : pino(options));
}

/**
 * pino drops the bindings formatter for child loggers, so child bindings are redacted here.
 * Children are created with Object.create(parent): every descendant inherits this `child`.
 */
function redactChildBindings(logger: Logger): Logger {
  const child = logger.child;
  logger.child = function redactedChild(this: Logger, bindings, childOptions) {
    return child.call(this, redactKeys(bindings, 0) as typeof bindings, childOptions);
  } as Logger["child"];
  return logger;
}

/**
 * Copies plain objects and arrays with sensitive keys replaced. Class instances (errors,
 * requests, Secret) are left to their serialisers, which is also what keeps the walk cheap.
 */
export function redactKeys(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return "[too deep]";
  if (Array.isArray(value)) return value.map((item) => redactKeys(item, depth + 1));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = SENSITIVE_KEY.test(key) ? REDACTED : redactKeys(inner, depth + 1);
  }
  return copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
