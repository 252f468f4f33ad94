import { CronExpressionParser } from "cron-parser";

const DAY = 86_400;
/** Eight years from a fixed day: two leap days, so a schedule on 29 February shows its four-year gap. */
const FROM = new Date("2026-01-01T00:00:00Z");
const TO = new Date("2034-01-01T00:00:00Z");

/** Every config load asks (the schema's RPO rule, then the alert rules): a schedule's gap is computed once. */
const GAPS = new Map<string, number>();

/**
 * The longest time, in seconds, between two consecutive runs of a 5-field cron schedule (UTC): how old
 * the newest dump can be just before the next run. The times of day (minute × hour fields) are the same
 * on every day the schedule runs, so the longest gap is either the widest step within a day or the
 * widest step between two run days, less the span of that day's runs. Run days come from cron-parser
 * itself (day of month, month and day of week, with its rules for combining them), one date test a
 * day, so eight years cost a few thousand tests whatever the schedule. Infinity: it never runs in that time.
 */
export function longestDumpGapSeconds(schedule: string): number {
  const known = GAPS.get(schedule);
  if (known !== undefined) return known;
  const gap = computeGap(schedule);
  GAPS.set(schedule, gap);
  return gap;
}

function computeGap(schedule: string): number {
  const fields = CronExpressionParser.parse(schedule, { tz: "UTC" }).fields;
  const times = fields.hour.values
    .flatMap((h) => fields.minute.values.map((m) => h * 3600 + m * 60))
    .sort((a, b) => a - b);
  const first = times[0]!;
  const last = times[times.length - 1]!;
  const withinDay = Math.max(0, ...times.slice(1).map((t, i) => t - times[i]!));
  const days = runDays(schedule);
  if (days.length < 2) return Number.POSITIVE_INFINITY;
  const widestDayStep = Math.max(...days.slice(1).map((d, i) => d - days[i]!));
  return Math.max(withinDay, widestDayStep * DAY - (last - first));
}

/** Day numbers (days since the epoch) on which the schedule runs, from FROM to TO: a date test a day. */
function runDays(schedule: string): number[] {
  const [, , dayOfMonth, month, dayOfWeek] = schedule.trim().split(/\s+/);
  const midnight = CronExpressionParser.parse(`0 0 ${dayOfMonth} ${month} ${dayOfWeek}`, { tz: "UTC" });
  const [from, to] = [FROM, TO].map((d) => d.getTime() / 1000 / DAY) as [number, number];
  const days: number[] = [];
  for (let day = from; day < to; day++) if (midnight.includesDate(new Date(day * DAY * 1000))) days.push(day);
  return days;
}
