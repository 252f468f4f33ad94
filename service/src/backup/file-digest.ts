import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { FileFacts } from "./compare.js";

/** Size and sha256 of a file, streamed so a dump of any size hashes in constant memory. */
export async function fileDigest(path: string): Promise<FileFacts> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size_bytes: size };
}
