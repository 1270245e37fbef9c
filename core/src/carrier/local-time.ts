/**
 * Wall-clock date and time of an instant in a warehouse's IANA time zone, with the JS built-in
 * `Intl.DateTimeFormat` (the instant always comes in as an argument: core never reads the clock).
 * A warehouse's day (ship dates, manifests) and its cut-off are in its own zone, so a Berlin
 * warehouse packing at 00:30 local time on 23 November ships on 2026-11-23, not on the UTC day.
 */
import { InputError } from "../shared/errors.js";

export interface ZonedDateTime {
  /** YYYY-MM-DD in the zone. */
  readonly date: string;
  /** HH:MM (24 h) in the zone. */
  readonly time: string;
  /** Minutes since local midnight (0..1439). */
  readonly minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
    } catch {
      throw new InputError("TIME_ZONE_INVALID", `unknown time zone ${JSON.stringify(timeZone)} (give an IANA name such as "Europe/Berlin" or "UTC")`, [
        { field: "timeZone", message: `${JSON.stringify(timeZone)} is not an IANA time zone` },
      ]);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local date and time of `instant` (ms since the epoch) in `timeZone`. InputError for an unknown zone. */
export function zonedDateTime(instant: number, timeZone: string): ZonedDateTime {
  if (!Number.isFinite(instant)) throw new RangeError(`zonedDateTime: instant must be a finite number, got ${instant}`);
  const parts = formatter(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const hour = get("hour") === "24" ? "00" : get("hour");
  const minute = get("minute");
  return { date: `${get("year").padStart(4, "0")}-${get("month")}-${get("day")}`, time: `${hour}:${minute}`, minutes: Number(hour) * 60 + Number(minute) };
}
