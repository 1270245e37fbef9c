/**
 * The simulator's knobs and its result: how a shift runs (crew, arrivals, shift hours, wave cadence),
 * how fast people work (walking speed, seconds per stop and unit, packing times) and how often things
 * go wrong (cancellations, declined cards, short picks, failed deliveries, returns). Defaults are
 * typical of a small e-commerce site with cart picking.
 */
import type { PickingMode } from "@pickpack/core";

export interface SimulationOptions {
  /** First simulated day (UTC midnight of this instant's day). */
  readonly start: number;
  readonly days: number;
  /** Pickers per warehouse. */
  readonly pickers: number;
  /** Packers per warehouse. */
  readonly packers: number;
  /** Orders arriving per hour, round the clock. */
  readonly ordersPerHour: number;
  readonly seed: number;
  readonly picking: PickingMode;
  /** Warehouses to run shifts in (default: every warehouse with a layout). */
  readonly warehouses?: readonly string[];
  /** Shift start, hours after UTC midnight (default 6), and length in hours (default 8). */
  readonly shiftStartHour?: number;
  readonly shiftHours?: number;
  /** A wave is planned and released this often during the shift, minutes (default 60). */
  readonly waveEveryMinutes?: number;
  /** Most orders per wave (default 40). */
  readonly maxOrdersPerWave?: number;
  readonly speeds?: Partial<WorkSpeeds>;
  /** The store's payment-hold time, for when the sweeper passes (default core's DEFAULT_RESERVATION_TTL_MS). */
  readonly reservationTtlMs?: number;
  readonly rates?: Partial<IncidentRates>;
  /** Called after each simulated day (progress). */
  readonly onDay?: (day: number, soFar: SimulationResult) => void;
}

export interface WorkSpeeds {
  /** Walking with a cart, metres per second (default 0.9). */
  readonly walkMetresPerSecond: number;
  /** At a stop: find the location, scan it (default 10 s). */
  readonly secondsPerStop: number;
  /** Per unit taken and scanned (default 4 s). */
  readonly secondsPerUnit: number;
  /** Per order at the pack station: open it, print the slip (default 40 s). */
  readonly packSecondsPerOrder: number;
  /** Per unit scanned into a carton (default 5 s). */
  readonly packSecondsPerUnit: number;
  /** Per carton: build the box, weigh, close, label (default 25 s). */
  readonly packSecondsPerCarton: number;
}

export interface IncidentRates {
  /** Orders that arrive unpaid (paid two minutes later, or declined). */
  readonly paymentPending: number;
  /** Of the unpaid: declined. */
  readonly paymentDeclined: number;
  /** Confirmed orders cancelled by the customer before picking. */
  readonly cancel: number;
  /** Pick stops where the location holds one unit less than asked (a short pick). */
  readonly shortPick: number;
  /** Parcels with a failed delivery attempt first. */
  readonly deliveryFailed: number;
  /** Delivered orders sent back. */
  readonly returns: number;
}

export const DEFAULT_SPEEDS: WorkSpeeds = { walkMetresPerSecond: 0.9, secondsPerStop: 10, secondsPerUnit: 4, packSecondsPerOrder: 40, packSecondsPerUnit: 5, packSecondsPerCarton: 25 };
export const DEFAULT_RATES: IncidentRates = { paymentPending: 0.1, paymentDeclined: 0.15, cancel: 0.02, shortPick: 0.01, deliveryFailed: 0.05, returns: 0.05 };

export interface SimulationResult {
  readonly days: number;
  readonly picking: PickingMode;
  readonly ordersCreated: number;
  readonly ordersShipped: number;
  readonly ordersCancelled: number;
  readonly ordersDelivered: number;
  readonly returns: number;
  readonly waves: number;
  readonly pickLists: number;
  /** Pick stops confirmed (lines picked). */
  readonly picks: number;
  readonly shortPicks: number;
  readonly unitsPicked: number;
  readonly cartons: number;
  /** Planned travel of every trip, metres (routing distances of the layout). */
  readonly travelMetres: number;
  /** Time pickers spent on trips (walking and picking), seconds. */
  readonly pickerSeconds: number;
  readonly packerSeconds: number;
  /** Shift hours simulated (all warehouses' shifts, wall time). */
  readonly shiftHours: number;
  /** Picks per picker hour on trips. */
  readonly picksPerPickerHour: number;
  readonly unitsPerPickerHour: number;
  /** Metres walked per pick. */
  readonly metresPerPick: number;
  /** Orders shipped per shift hour. */
  readonly ordersPerHour: number;
  /** The simulated time when the run ended. */
  readonly endedAt: number;
}
