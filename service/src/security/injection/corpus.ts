import { z } from "zod";
import shipped from "./corpus.json" with { type: "json" };

/** The shape of corpus.json, checked when the service loads it rather than trusted. */
export const corpusSchema = z.strictObject({
  description: z.string(),
  attacks: z.array(z.strictObject({ id: z.string().regex(/^[a-z]+-\d{2}$/), text: z.string().min(8) })).min(1),
});

export type CorpusEntry = z.output<typeof corpusSchema>["attacks"][number];

/** Known attacks shipped with the service (corpus.json beside this file). */
export function shippedCorpus(): CorpusEntry[] {
  return corpusSchema.parse(shipped).attacks;
}
