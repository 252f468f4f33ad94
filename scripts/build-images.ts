import { ensureImages } from "../infra/images/build.js";

const tags = await ensureImages({ repoRoot: new URL("..", import.meta.url).pathname });
process.stdout.write(`${JSON.stringify(tags, null, 2)}\n`);
