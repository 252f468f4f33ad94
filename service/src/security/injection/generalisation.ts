import { createHash } from "node:crypto";
import { z } from "zod";
import shipped from "./generalisation.json" with { type: "json" };

/** The shape of generalisation.json: labelled texts, each in a category (the bench reports per category). */
export const generalisationSetSchema = z.strictObject({
  description: z.string(),
  items: z
    .array(
      z.strictObject({
        label: z.enum(["attack", "benign"]),
        category: z.string().regex(/^[a-z-]+$/),
        text: z.string().min(1),
      }),
    )
    .min(1),
});

export type LabelledText = z.output<typeof generalisationSetSchema>["items"][number];

/**
 * The held-out rule: the first byte of the text's SHA-256 below 77 (77/256, about 30 %). Fixed before
 * the model was written, and blind to label and category: nothing about a text but its bytes decides.
 */
export function isHeldOut(text: string): boolean {
  return createHash("sha256").update(text).digest()[0]! < 77;
}

/** The shipped set split by isHeldOut: `tune` may train and tune the detector; `heldOut` only measures it. */
export function generalisationSplit(): { tune: LabelledText[]; heldOut: LabelledText[] } {
  const items = generalisationSetSchema.parse(shipped).items;
  return {
    tune: items.filter((item) => !isHeldOut(item.text)),
    heldOut: items.filter((item) => isHeldOut(item.text)),
  };
}
