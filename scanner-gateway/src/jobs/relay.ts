/**
 * The outbox relay as a background job: every `everyMs` it runs relay rounds until one finds nothing
 * to do (bounded, so a huge backlog does not starve the job's own schedule), and reports what it did.
 */
import type { OutboxRelay } from "@pickpack/data";
import type { Job } from "./runner.js";

export function relayJob(relay: OutboxRelay, everyMs: number, maxRounds = 50): Job {
  return {
    name: "outbox-relay",
    everyMs,
    run: async () => {
      const r = await relay.drain(maxRounds);
      return r.attempted > 0 ? { delivered: r.delivered, failed: r.failed, attempted: r.attempted } : {};
    },
  };
}
