import { CronExpressionParser } from "cron-parser";

/** Checks a classic 5-field cron expression (minute hour day-of-month month day-of-week). */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `5 space-separated fields, found ${fields.length}`;
  try {
    CronExpressionParser.parse(expression, { tz: "UTC", strict: false });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The first scheduled time strictly after `after`, in UTC. */
export function nextRunAt(expression: string, after: Date): Date {
  return CronExpressionParser.parse(expression, { tz: "UTC", currentDate: after }).next().toDate();
}
