/** One bench's outcome as `npm run bench` records it (bench/run.ts) and the report renders it (bench/report.ts). */
export interface BenchEntry {
  name: string;
  command: string;
  seconds: number;
  ok: boolean;
  result: unknown;
}
