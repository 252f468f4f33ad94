import { z } from "zod";
import type { Flag } from "../cli/command.js";

/** Flags several commands share. */
export const requestsFlag = {
  type: "string",
  placeholder: "<n>",
  doc: "requests in the verification burst through the proxy (default 50)",
  schema: z.coerce.number().int().min(1).max(1000).default(50),
} satisfies Flag;

export const colourSchema = z.enum(["blue", "green"], { error: () => "must be blue or green" });
