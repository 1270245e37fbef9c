/**
 * The outbox relay as a background job: every `everyMs` it runs relay rounds until one finds nothing
 * to do (bounded, so a huge backlog does not starve the job's own schedule), and reports what it did.
 */
import type { OutboxRelay } from "@pickpack/data";
import type { Job } from "./runner.js";

export function relayJob(relay: OutboxRelay, everyMs: number, maxRounds = 50): Job {
  let standby = false;
  return {
    name: "outbox-relay",
    everyMs,
    run: async () => {
      const r = await relay.drain(maxRounds);
      // On SQLite one relay works at a time: say once when this one waits for another's lease, and when it takes over.
      if (r.active === standby) {
        standby = !r.active;
        return { standby, note: standby ? "another relay holds the SQLite relay lease: waiting" : "took over the relay lease" };
      }
      return r.attempted > 0 ? { delivered: r.delivered, failed: r.failed, attempted: r.attempted } : {};
    },
  };
}
