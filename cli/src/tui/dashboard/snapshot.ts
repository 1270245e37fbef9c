/** What the dashboard shows, gathered from the reports and the alert rules by one database poll. */
import type { Alert } from "@pickpack/core";

export interface DashboardSnapshot {
  /** When it was taken, ms. */
  readonly at: number;
  /** "HH:MM" and zone of `at`, as the warehouse reads it. */
  readonly clock: string;
  readonly warehouse: string | null;
  /** Orders packed (fulfilled) and picked per hour today, oldest first. */
  readonly hours: readonly { readonly hour: string; readonly packed: number; readonly picked: number }[];
  /** Open orders per state. */
  readonly statuses: readonly { readonly status: string; readonly count: number }[];
  readonly pickers: readonly { readonly person: string; readonly units: number; readonly unitsPerHour: number | null }[];
  readonly alerts: readonly Alert[];
  /** Today so far. */
  readonly today: { readonly picked: number; readonly packed: number };
}
