/**
 * The relay's command-line options, shared by `pickpack-gateway gateway` (the relay job) and
 * `pickpack-gateway relay` (the relay alone): parsed and checked here, turned into RelayOptions.
 */
import { InputError, type Clock, type EventDestination } from "@pickpack/core";
import { DEFAULT_RETRY_POLICY, type RelayOptions, type RetryPolicy } from "@pickpack/data";

export interface RelayCliOptions {
  relayPollMs?: string;
  relayRetrySchedule?: string;
  relayLeaseSeconds?: string;
  relayConcurrency?: string;
  relayTimeoutSeconds?: string;
}

function positive(name: string, v: string | undefined, fallback: number, min = 1): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new InputError("ARGUMENT_INVALID", `${name} must be a number ≥ ${min}, got ${JSON.stringify(v)}`, [{ field: name, message: "invalid" }]);
  return n;
}

/** `--relay-retry-schedule 0,5s,5m,…`: delays (ms, or with s/m/h), for testing a compressed schedule. */
export function parseSchedule(v: string | undefined): RetryPolicy {
  if (v === undefined) return DEFAULT_RETRY_POLICY;
  const unit: Record<string, number> = { "": 1, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = v.split(",").map((p) => /^(\d+)(ms|s|m|h)?$/.exec(p.trim()));
  if (parts.length === 0 || parts.some((m) => !m)) {
    throw new InputError("ARGUMENT_INVALID", `--relay-retry-schedule must be comma-separated delays such as 0,5s,5m,30m (got ${JSON.stringify(v)})`, [{ field: "relay-retry-schedule", message: "invalid" }]);
  }
  return { scheduleMs: parts.map((m) => Number(m![1]) * unit[m![2] ?? ""]!), jitter: DEFAULT_RETRY_POLICY.jitter };
}

export function pollMsOf(o: RelayCliOptions): number {
  return positive("--relay-poll-ms", o.relayPollMs, 1000, 10);
}

export function relayOptionsOf(o: RelayCliOptions, clock: Clock, extraDestinations: readonly EventDestination[] = []): RelayOptions {
  return {
    clock,
    retry: parseSchedule(o.relayRetrySchedule),
    leaseMs: positive("--relay-lease-seconds", o.relayLeaseSeconds, 60) * 1000,
    concurrency: positive("--relay-concurrency", o.relayConcurrency, 16),
    timeoutMs: positive("--relay-timeout-seconds", o.relayTimeoutSeconds, 15, 0.1) * 1000,
    extraDestinations,
  };
}

/** Adds the relay options to a command. */
export function addRelayOptions<T extends { option(flags: string, description: string): T }>(cmd: T): T {
  return cmd
    .option("--relay-poll-ms <ms>", "how often the relay looks for new outbox rows (default 1000)")
    .option("--relay-retry-schedule <delays>", "retry delays after each failure, e.g. 0,5s,5m,30m,2h,5h,10h,14h,20h,24h (the default)")
    .option("--relay-lease-seconds <s>", "how long a relay holds a delivery before another may take it over (default 60)")
    .option("--relay-concurrency <n>", "deliveries in flight at once, across orders (default 16)")
    .option("--relay-timeout-seconds <s>", "a webhook request without an answer by then fails and is retried (default 15)");
}
