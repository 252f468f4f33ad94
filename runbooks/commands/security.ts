import { writeFileSync } from "node:fs";
import { z } from "zod";
import { defineCommand } from "../cli/command.js";
import { adminApi } from "../admin/client.js";

const isoTime = z.iso.datetime({ offset: true });

export const security = defineCommand({
  name: "security",
  summary: "security events: counts by layer and type, blocks per hour; export CSV or JSON for a time range",
  args: "<stack> [--from <iso>] [--to <iso>] [--export <file> --format csv|json]",
  flags: {
    from: {
      type: "string",
      placeholder: "<iso>",
      doc: "start of the range (default: 24 h before --to)",
      schema: isoTime.optional(),
    },
    to: { type: "string", placeholder: "<iso>", doc: "end of the range (default: now)", schema: isoTime.optional() },
    export: {
      type: "string",
      placeholder: "<file>",
      doc: "write the events of the range to this file",
      schema: z.string().min(1).optional(),
    },
    format: {
      type: "string",
      placeholder: "<csv|json>",
      doc: "export format (default csv)",
      schema: z.enum(["csv", "json"]).default("csv"),
    },
  },
  async run(ctx) {
    const range = new URLSearchParams(
      Object.entries({ from: ctx.values.from, to: ctx.values.to }).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    );
    const plan = [
      "read the summary",
      ...(ctx.values.export ? [`export events as ${ctx.values.format} to ${ctx.values.export}`] : []),
    ];
    if (ctx.common.dryRun) return { data: { plan }, lines: plan.map((p) => `would ${p}`) };
    const api = adminApi(ctx.repoRoot, ctx.stack, ctx.instance, ctx.overrides);
    const summary = JSON.parse((await api.get(`/admin/security/summary?${range}`)).body) as Record<string, unknown>;
    const lines = [JSON.stringify(summary, null, 2)];
    if (ctx.values.export) {
      const q = new URLSearchParams(range);
      q.set("format", ctx.values.format);
      q.set("limit", "10000");
      writeFileSync(ctx.values.export, (await api.get(`/admin/security/events?${q}`)).body, { mode: 0o600 });
      lines.push(`events written to ${ctx.values.export}`);
    }
    return { data: { summary, exported: ctx.values.export ?? null }, lines };
  },
});
