/** The reservation sweeper: releases expired reservations on the store's clock-free port, with the gateway's time. */
import type { Clock } from "@pickpack/core";
import type { SqlStore } from "@pickpack/data";
import type { Job } from "./runner.js";

export function reservationSweeper(store: SqlStore, clock: Clock, node: string, everyMs: number): Job {
  return {
    name: "reservation-sweeper",
    everyMs,
    run: async () => {
      const out = await store.sweepExpiredReservations({ now: clock.now(), actor: `gateway:${node}` });
      return out.expired.length > 0 ? { expired: out.expired } : {};
    },
  };
}
