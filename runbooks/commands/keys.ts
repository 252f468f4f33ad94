import { z } from "zod";
import { defineCommand } from "../cli/command.js";
import { usageError } from "../cli/errors.js";
import { adminApi } from "../admin/client.js";

const ROLES = ["admin", "operator", "analyst", "viewer"] as const;

export const keys = defineCommand({
  name: "keys",
  summary: "list API keys; create one (shown once) or revoke one",
  args: "<stack> [--create <name> --role <role>] [--revoke <id>]",
  flags: {
    create: {
      type: "string",
      placeholder: "<name>",
      doc: "create a key for <name> (printed once, never stored here)",
      schema: z.string().min(1).max(100).optional(),
    },
    role: {
      type: "string",
      placeholder: "<role>",
      doc: `role of the new key: ${ROLES.join(" | ")}`,
      schema: z.enum(ROLES).optional(),
    },
    revoke: {
      type: "string",
      placeholder: "<id>",
      doc: "revoke the key with this id",
      schema: z.string().min(1).max(64).optional(),
    },
  },
  async run(ctx) {
    const { create, role, revoke } = ctx.values;
    if (create !== undefined && revoke !== undefined) throw usageError("--create and --revoke: give one of them");
    if (create !== undefined && role === undefined)
      throw usageError(`--role: required with --create; allowed: ${ROLES.join(", ")}`);
    const plan = create ? `create a ${role} key for "${create}"` : revoke ? `revoke key ${revoke}` : "list keys";
    if (ctx.common.dryRun) return { data: { plan }, lines: [`would ${plan}`] };
    const api = adminApi(ctx.repoRoot, ctx.stack, ctx.instance, ctx.overrides);
    if (create) {
      const made = JSON.parse((await api.post("/admin/keys", { name: create, role })).body) as {
        id: string;
        key: string;
        role: string;
      };
      return {
        data: made,
        lines: [`created ${made.role} key ${made.id} for "${create}"; the key (shown once): ${made.key}`],
      };
    }
    if (revoke) {
      await api.delete(`/admin/keys/${encodeURIComponent(revoke)}`);
      return { data: { revoked: revoke }, lines: [`revoked ${revoke}`] };
    }
    const list = JSON.parse((await api.get("/admin/keys")).body) as { keys: Record<string, unknown>[] };
    return {
      data: list,
      lines: list.keys.map(
        (k) => `${String(k.id)}  ${String(k.role).padEnd(8)} ${String(k.name)}${k.revoked ? "  (revoked)" : ""}`,
      ),
    };
  },
});
