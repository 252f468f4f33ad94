import { exec } from "../tests/support/docker.js";

const SUFFIXES: Record<string, string[]> = {
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["", "_sum", "_count"],
};

/**
 * Names a Prometheus text exposition offers: its samples, and the series each `# TYPE` line declares
 * (a labelled counter or histogram shows no sample until its first observation, yet it is exported).
 */
export function exportedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split("\n")) {
    const declared = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)/.exec(line);
    if (declared) for (const suffix of SUFFIXES[declared[2]!] ?? [""]) names.add(`${declared[1]}${suffix}`);
    const sample = line.startsWith("#") ? null : /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
    if (sample) names.add(sample[0]);
  }
  return names;
}

/**
 * GETs each URL from inside a running container that has node (the api image), so the request
 * travels the container's own networks (metrics) and nothing is published on the host.
 */
export async function fetchInside(container: string, urls: string[]): Promise<string[]> {
  const script = `Promise.all(JSON.parse(process.argv[1]).map(async (u) => { const r = await fetch(u); if (!r.ok) throw new Error(u + " answered " + r.status); return r.text(); })).then((t) => process.stdout.write(JSON.stringify(t)))`;
  return JSON.parse(await exec(container, ["node", "-e", script, JSON.stringify(urls)])) as string[];
}
