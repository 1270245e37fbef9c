/**
 * Report periods: `--day`, `--week` or `--from/--to`, turned into a half-open UTC interval [from, to) with
 * day boundaries at midnight in the warehouse's time zone (a Tokyo warehouse's 23 November starts at
 * 15:00 UTC on the 22nd, a New York one's at 05:00 UTC on the 23rd). `now` is passed in.
 */
import { InputError } from "../shared/errors.js";
import { zonedDateTime } from "../carrier/local-time.js";

export interface Period {
  /** Inclusive start, ms since the epoch. */
  readonly from: number;
  /** Exclusive end, ms since the epoch. */
  readonly to: number;
  readonly timeZone: string;
  /** How a person reads it: "2026-11-23", "week of 2026-11-23", or the two instants. */
  readonly label: string;
}

export interface PeriodRequest {
  readonly day?: string;
  /** A date inside the week (Monday-based), or "" / "current" for the week containing now. */
  readonly week?: string;
  readonly from?: string;
  readonly to?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** The UTC instant of local midnight starting `date` (YYYY-MM-DD) in `timeZone` (DST-safe). */
export function startOfLocalDay(date: string, timeZone: string): number {
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw badDate("--day", date);
  const naive = Date.parse(`${date}T00:00:00Z`);
  // Local wall time of a guess minus the guess = the zone's offset there; two rounds settle DST edges.
  let guess = naive;
  for (let i = 0; i < 3; i++) {
    const z = zonedDateTime(guess, timeZone);
    const wall = Date.parse(`${z.date}T${z.time}:00Z`); // guesses stay minute-aligned (zone offsets are whole minutes)
    const next = naive - (wall - guess);
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export const localDate = (instant: number, timeZone: string): string => zonedDateTime(instant, timeZone).date;

/** The local date `days` after `date` (calendar arithmetic, no zone). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((dow + 6) % 7));
}

/** The period a report covers; default: today in the zone. InputError for malformed or contradictory options. */
export function resolvePeriod(request: PeriodRequest, timeZone: string, now: number): Period {
  const given = [request.day !== undefined, request.week !== undefined, request.from !== undefined || request.to !== undefined].filter(Boolean).length;
  if (given > 1) throw new InputError("REPORT_PERIOD_INVALID", "give one of --day, --week or --from/--to", [{ field: "--day/--week/--from", message: "only one kind of period at a time" }]);
  const today = localDate(now, timeZone);
  if (request.week !== undefined) {
    const inWeek = request.week === "" || request.week === "current" ? today : checkDate("--week", request.week);
    const monday = mondayOf(inWeek);
    return { from: startOfLocalDay(monday, timeZone), to: startOfLocalDay(addDays(monday, 7), timeZone), timeZone, label: `week of ${monday}` };
  }
  if (request.from !== undefined || request.to !== undefined) {
    const from = request.from !== undefined ? instant("--from", request.from, timeZone) : startOfLocalDay(today, timeZone);
    const to = request.to !== undefined ? instant("--to", request.to, timeZone, true) : now;
    if (!(to > from)) throw new InputError("REPORT_PERIOD_INVALID", `--to must be after --from (got ${request.from ?? "today"} .. ${request.to ?? "now"})`, [{ field: "--to", message: "must be after --from" }]);
    return { from, to, timeZone, label: `${request.from ?? today} .. ${request.to ?? "now"}` };
  }
  const day = request.day === undefined || request.day === "today" ? today : request.day === "yesterday" ? addDays(today, -1) : checkDate("--day", request.day);
  return { from: startOfLocalDay(day, timeZone), to: startOfLocalDay(addDays(day, 1), timeZone), timeZone, label: day };
}

/** A date (local midnight; as an end: the end of that day) or an ISO instant with offset. */
function instant(field: string, value: string, timeZone: string, end = false): number {
  if (DATE.test(value)) {
    checkDate(field, value);
    return startOfLocalDay(end ? addDays(value, 1) : value, timeZone);
  }
  const ms = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw badDate(field, value);
  return ms;
}

function checkDate(field: string, value: string): string {
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) throw badDate(field, value);
  return value;
}

function badDate(field: string, value: string): InputError {
  const instantToo = field === "--from" || field === "--to";
  const what = instantToo ? "a date (YYYY-MM-DD) or an ISO instant with a zone (2026-11-23T08:00:00Z)" : "a date (YYYY-MM-DD)";
  return new InputError("REPORT_PERIOD_INVALID", `${field}: ${JSON.stringify(value)} is not ${what}`, [
    { field, message: instantToo ? "must be YYYY-MM-DD or an ISO-8601 instant with Z or an offset" : "must be a date YYYY-MM-DD" },
  ]);
}

/** The local hour label "HH:MM" of each UTC hour starting in the period (for hourly charts). */
export function hourBuckets(period: Period): { readonly start: number; readonly label: string }[] {
  const first = Math.floor(period.from / 3_600_000) * 3_600_000;
  const out: { start: number; label: string }[] = [];
  for (let t = first; t < period.to && out.length < 24 * 62; t += 3_600_000) out.push({ start: t, label: zonedDateTime(t, period.timeZone).time });
  return out;
}
