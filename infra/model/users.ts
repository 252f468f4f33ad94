import type { ServiceRole } from "../config/schema.js";

/**
 * Fixed numeric uid:gid per image. The image builder creates these users before installing packages,
 * so package scripts reuse them, and renderers set the same numbers: nothing runs as root.
 */
export const SERVICE_UIDS: Record<ServiceRole, number> = {
  api: 10001,
  sandbox: 10002,
  postgres: 10003,
  redis: 10004,
  proxy: 10005,
  prometheus: 10006,
  backup: 10007,
};

export const userOf = (role: ServiceRole): string => `${SERVICE_UIDS[role]}:${SERVICE_UIDS[role]}`;
