/**
 * The shift simulator: plays whole days through the real services with simulated time. Orders arrive
 * round the clock (imported, reserved, paid or declined, a few cancelled); during each warehouse's
 * shift a supervisor plans and releases a wave on the chosen picking policy every `waveEveryMinutes`;
 * pickers take the trips (the time of a trip is its routing distance at a walking speed plus time per
 * stop and unit, with the occasional short pick); packers pack what the totes bring (cartons as
 * cartonization plans, weighed); the shift ends with the carrier close-out (manifest, orders ship);
 * the carrier's scans follow over the next days, with failed attempts and returns. Every step is the
 * workflow the CLI and the gateway use, audited at its simulated time. Deterministic for a seed.
 */
import { DEFAULT_RESERVATION_TTL_MS, DomainError, PickpackError, seededRandom, type NewOrder, type OrderEvent } from "@pickpack/core";
import { withSavepoint } from "../gateway/batch.js";
import type { SqlStore } from "../store.js";
import { PackingService } from "../packing/index.js";
import { assignNextPickList, completePickTrip, confirmPickItem, confirmPickLocation, nextPickTask, planWavesFor, releaseWave, shortPick } from "../planning/index.js";
import { DEFAULT_RATES, DEFAULT_SPEEDS, type SimulationOptions, type SimulationResult } from "./model.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const CITIES: readonly [string, string, number, number][] = [
  ["Berlin", "10115", 52.52, 13.405],
  ["Hamburg", "20095", 53.551, 9.993],
  ["München", "80331", 48.137, 11.575],
  ["Köln", "50667", 50.938, 6.96],
  ["Frankfurt am Main", "60311", 50.11, 8.682],
  ["Leipzig", "04109", 51.34, 12.375],
  ["Dresden", "01067", 51.05, 13.738],
  ["Stuttgart", "70173", 48.775, 9.182],
];
const NAMES = ["Anna Schmidt", "Jonas Weber", "Lea Fischer", "Paul Wagner", "Mia Becker", "Felix Hoffmann", "Emma Schulz", "Noah Koch", "Lina Richter", "Ben Klein"];

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly run: () => Promise<void>;
}

interface Counters {
  ordersCreated: number;
  ordersShipped: number;
  ordersCancelled: number;
  ordersDelivered: number;
  returns: number;
  waves: number;
  pickLists: number;
  picks: number;
  shortPicks: number;
  unitsPicked: number;
  cartons: number;
  travelMetres: number;
  pickerSeconds: number;
  packerSeconds: number;
  shiftHours: number;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Ignore a business refusal (the order moved on meanwhile, e.g. cancelled); rethrow anything else. */
async function tolerant(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if (e instanceof PickpackError) return false;
    throw e;
  }
}

export async function simulate(store: SqlStore, options: SimulationOptions): Promise<SimulationResult> {
  const speeds = { ...DEFAULT_SPEEDS, ...options.speeds };
  const reservationTtlMs = options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;
  const rates = { ...DEFAULT_RATES, ...options.rates };
  const rand = seededRandom(options.seed);
  const chance = (p: number) => rand() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const db = store.kysely;
  const packing = new PackingService(store);
  const shiftStart = (options.shiftStartHour ?? 6) * HOUR;
  const shiftLength = (options.shiftHours ?? 8) * HOUR;
  const waveEvery = (options.waveEveryMinutes ?? 60) * 60_000;
  const day0 = Math.floor(options.start / DAY) * DAY;

  const warehouses = options.warehouses ?? (await db.selectFrom("layouts").select("warehouse").orderBy("warehouse").execute()).map((r) => r.warehouse);
  const skus = (await db.selectFrom("stock").select("sku").where("on_hand", ">", 0).groupBy("sku").orderBy("sku").execute()).map((r) => r.sku);
  if (warehouses.length === 0 || skus.length === 0) throw new DomainError("SIMULATION_NO_SITE", "the database has no warehouse layout or no stock to simulate with: import a site first (or simulate into a new database, which gets the demo site)");
  const prefix = `SIM${options.seed % 1000}-${isoDate(day0).replace(/-/g, "")}`;
  if (await db.selectFrom("orders").select("id").where("number", "like", `${prefix}-%`).executeTakeFirst()) {
    throw new DomainError("SIMULATION_EXISTS", `this database already holds a simulation of seed ${options.seed} from ${isoDate(day0)} (orders ${prefix}-…): use another --seed or database`);
  }

  const c: Counters = { ordersCreated: 0, ordersShipped: 0, ordersCancelled: 0, ordersDelivered: 0, returns: 0, waves: 0, pickLists: 0, picks: 0, shortPicks: 0, unitsPicked: 0, cartons: 0, travelMetres: 0, pickerSeconds: 0, packerSeconds: 0, shiftHours: 0 };
  const queue: Scheduled[] = [];
  let seq = 0;
  const later = (at: number, run: () => Promise<void>) => queue.push({ at, seq: seq++, run });
  /** Run everything scheduled before `until`, in time order (a step may schedule more). */
  const runUntil = async (until: number) => {
    for (;;) {
      let best = -1;
      for (let i = 0; i < queue.length; i++) {
        const q = queue[i]!;
        if (q.at < until && (best < 0 || q.at < queue[best]!.at || (q.at === queue[best]!.at && q.seq < queue[best]!.seq))) best = i;
      }
      if (best < 0) return;
      const [next] = queue.splice(best, 1);
      await next!.run();
    }
  };
  const swept = new Set<number>();
  const sweepAt = (at: number) => {
    const slot = Math.ceil(at / 600_000) * 600_000; // every 10 minutes at most
    if (swept.has(slot)) return;
    swept.add(slot);
    later(slot, async () => {
      c.ordersCancelled += (await store.sweepExpiredReservations({ now: slot, actor: "sim:sweeper" })).expired.length;
    });
  };
  const event = (order: string, e: OrderEvent, at: number, actor: string) => tolerant(() => store.applyOrderEvent(order, e, { now: at, actor }));

  // ------------------------------------------------------------ orders arrive
  let orderNo = 0;
  const newOrder = (at: number): NewOrder => {
    const city = CITIES[int(0, CITIES.length - 1)]!;
    const name = NAMES[int(0, NAMES.length - 1)]!;
    const nLines = chance(0.5) ? 1 : int(2, 4);
    const chosen = new Set<string>();
    while (chosen.size < Math.min(nLines, skus.length)) chosen.add(skus[int(0, skus.length - 1)]!);
    return {
      number: `${prefix}-${String(++orderNo).padStart(5, "0")}`,
      customer: name,
      shipTo: { name, street: `Hauptstraße ${int(1, 120)}`, postalCode: city[1], city: city[0], country: "DE", latitude: city[2], longitude: city[3] },
      lines: [...chosen].map((sku) => ({ sku, quantity: chance(0.8) ? 1 : int(2, 3), unitPrice: Math.round((5 + rand() * 95) * 100) / 100 })),
      priority: chance(0.1) ? 1 : 5,
      carrier: "own-fleet",
      service: chance(0.2) ? "express" : "standard",
      shipBy: new Date(at + (chance(0.2) ? 1 : 2) * DAY).toISOString(),
      payment: chance(rates.paymentPending) ? "pending" : "paid",
    };
  };
  const arrive = async (at: number) => {
    const order = newOrder(at);
    const { reserved } = await store.importData({ orders: [{ value: order, file: "simulator", line: orderNo }] }, { now: at, actor: "sim:shop" });
    c.ordersCreated++;
    if (!reserved) return; // waits for stock (Pending)
    if (order.payment === "pending") {
      // The reservation sweeper (as a gateway runs it) passes once the hold could have lapsed.
      sweepAt(at + reservationTtlMs + 60_000);
      const declined = chance(rates.paymentDeclined);
      later(at + 2 * 60_000, async () => {
        if (declined) {
          if (await event(order.number, { type: "PaymentFailed", reason: "card declined" }, at + 2 * 60_000, "sim:payments")) c.ordersCancelled++;
        } else await event(order.number, { type: "PaymentSucceeded", paymentRef: `PAY-${orderNo}` }, at + 2 * 60_000, "sim:payments");
      });
    }
    if (chance(rates.cancel)) {
      const when = at + int(5, 40) * 60_000;
      later(when, async () => {
        if (await event(order.number, { type: "Cancel", reason: "customer changed their mind" }, when, "sim:customer-service")) c.ordersCancelled++;
      });
    }
  };

  // ------------------------------------------------------------ the carrier and returns
  const afterShipping = (order: string, shippedAt: number) => {
    const failed = chance(rates.deliveryFailed);
    const returned = chance(rates.returns);
    const nextMorning = Math.floor(shippedAt / DAY) * DAY + DAY + 7 * HOUR;
    const carrier = "carrier:own-fleet";
    later(shippedAt + 2 * HOUR, () => event(order, { type: "InTransit" }, shippedAt + 2 * HOUR, carrier).then(() => undefined));
    later(nextMorning, () => event(order, { type: "OutForDelivery" }, nextMorning, carrier).then(() => undefined));
    let deliverAt = nextMorning + int(1, 9) * HOUR;
    if (failed) {
      later(deliverAt, () => event(order, { type: "DeliveryFailed", reason: "nobody home" }, deliverAt, carrier).then(() => undefined));
      deliverAt += DAY;
      const out = deliverAt - 2 * HOUR;
      later(out, () => event(order, { type: "OutForDelivery" }, out, carrier).then(() => undefined));
    }
    const delivered = deliverAt;
    later(delivered, async () => {
      if (await event(order, { type: "Delivered" }, delivered, carrier)) c.ordersDelivered++;
    });
    if (!returned) return;
    const steps: [number, OrderEvent, string][] = [
      [DAY, { type: "RequestReturn", reason: chance(0.5) ? "wrong size" : "not as described" }, "sim:customer"],
      [HOUR, { type: "ReviewReturn" }, "sim:customer-service"],
      [HOUR, { type: "ApproveReturn" }, "sim:customer-service"],
      [4 * HOUR, { type: "ReturnShipped" }, "sim:customer"],
      [DAY, { type: "ReturnReceived" }, "sim:returns-desk"],
    ];
    let at = delivered;
    for (const [gap, e, actor] of steps) {
      at += gap;
      const when = at;
      later(when, async () => {
        if ((await event(order, e, when, actor)) && e.type === "RequestReturn") c.returns++;
      });
    }
    const qc = at + 2 * HOUR;
    later(qc, async () => {
      if (!(await event(order, { type: "StartQualityCheck" }, qc, "sim:returns-desk"))) return;
      const home = await restockPlace(order);
      if (!home) return;
      if (await event(order, { type: "ApproveRefund", ...home }, qc + HOUR, "sim:returns-desk")) await event(order, { type: "ProcessRefund", refundRef: `REF-${order}` }, qc + 2 * HOUR, "sim:finance");
    });
  };
  /** Where a returned order's units go back: a location holding its first SKU in a warehouse it shipped from. */
  const restockPlace = async (order: string) => {
    const row = await db
      .selectFrom("orders as o")
      .innerJoin("order_lines as l", "l.order_id", "o.id")
      .innerJoin("reservations as r", (j) => j.onRef("r.order_id", "=", "o.id").onRef("r.line_no", "=", "l.line_no"))
      .innerJoin("stock as s", (j) => j.onRef("s.sku", "=", "l.sku").onRef("s.warehouse", "=", "r.warehouse"))
      .select(["s.warehouse", "s.location"])
      .where("o.number", "=", order)
      .orderBy("l.line_no")
      .orderBy("s.location")
      .executeTakeFirst();
    return row ? { restockWarehouse: row.warehouse, restockLocation: row.location } : undefined;
  };

  // ------------------------------------------------------------ the shift
  const replenish = async () => {
    // Receiving before the shift: low locations are topped up (a supplier delivery).
    const low = await db.selectFrom("stock").select(["warehouse", "location", "sku", "on_hand"]).where("on_hand", "<", 5).where("warehouse", "in", warehouses).execute();
    if (low.length === 0) return;
    await store.transaction(async (tx) => {
      for (const s of low) await tx.addStock(s.warehouse, s.location, s.sku, 30 - s.on_hand);
    });
  };

  /** One warehouse's shift: its crew's free times; `wave` plans, picks and packs one wave; `close` closes out. */
  const shiftOf = (warehouse: string, start: number) => {
    const end = start + shiftLength;
    const pickerFree = Array.from({ length: options.pickers }, () => start);
    const packerFree = Array.from({ length: options.packers }, () => start);
    const packed: string[] = [];
    const wave = async (waveAt: number) => {
      const plan = await planWavesFor(store, { warehouse, mode: options.picking, maxOrders: options.maxOrdersPerWave ?? 40, waves: 1, now: waveAt, actor: "sim:supervisor" });
      const wave = plan.waves[0];
      if (!wave) return;
      await releaseWave(store, wave.id, { now: waveAt + 1000, actor: "sim:supervisor" });
      c.waves++;
      for (let n = 0; n < wave.pickLists.length; n++) {
        const p = pickerFree.indexOf(Math.min(...pickerFree));
        const began = Math.max(pickerFree[p]!, waveAt + 60_000);
        let t = began;
        if (t >= end) break; // the shift is over: the rest waits for tomorrow
        const picker = `sim:picker-${p + 1}`;
        const tick = (seconds: number) => ({ now: (t += Math.round(seconds * 1000)), actor: picker });
        const trip = await store.transaction(async (tx) => {
          const assigned = await assignNextPickList(tx, { picker, warehouse }, tick(5));
          if (!assigned) return undefined;
          let stops = 0;
          let units = 0;
          let shorts = 0;
          for (let task = assigned.task ?? (await nextPickTask(tx, assigned.pickListId)); task; ) {
            if (!task.locationConfirmed) await confirmPickLocation(tx, { pickListId: task.pickListId, location: task.location, lineId: task.lineId }, tick(speeds.secondsPerStop));
            const remaining = task.remaining;
            if (remaining > 0 && chance(rates.shortPick)) {
              await shortPick(tx, { pickListId: task.pickListId, lineId: task.lineId, found: remaining - 1 }, tick(speeds.secondsPerUnit * remaining + 20));
              units += remaining - 1;
              shorts++;
              task = await nextPickTask(tx, assigned.pickListId);
            } else {
              const current = task;
              const by = tick(speeds.secondsPerUnit * remaining);
              try {
                const r = await withSavepoint(tx, "sim_pick", () => confirmPickItem(tx, { pickListId: current.pickListId, code: current.barcodes[0] ?? current.sku, quantity: remaining, lineId: current.lineId }, by));
                units += remaining;
                task = r.next;
              } catch (e) {
                // The record says the location is empty (e.g. corrected by an earlier short pick): report it short.
                if (!(e instanceof PickpackError) || e.code !== "PICK_STOCK_MISSING") throw e;
                await shortPick(tx, { pickListId: current.pickListId, lineId: current.lineId, found: 0 }, tick(20));
                shorts++;
                task = await nextPickTask(tx, assigned.pickListId);
              }
            }
            stops++;
          }
          return { id: assigned.pickListId, stops, units, shorts };
        });
        if (!trip) break;
        const planned = wave.pickLists.find((l) => l.id === trip.id);
        const distance = planned?.distance ?? 0;
        t += Math.round((distance / speeds.walkMetresPerSecond) * 1000);
        const station = `P${(p % Math.max(1, options.packers)) + 1}`;
        await store.transaction((tx) => completePickTrip(tx, { pickListId: trip.id, packStation: station }, { now: t, actor: picker }));
        c.pickerSeconds += (t - began) / 1000;
        pickerFree[p] = t;
        c.pickLists++;
        c.picks += trip.stops;
        c.shortPicks += trip.shorts;
        c.unitsPicked += trip.units;
        c.travelMetres += distance;
        for (const o of planned?.orders ?? []) await pack(o.order, t);
      }
    };
    /** The totes of a finished trip at a pack station: the first free packer packs the order's units of this warehouse. */
    const pack = async (order: string, arrived: number) => {
      const k = packerFree.indexOf(Math.min(...packerFree));
      const packer = `sim:packer-${k + 1}`;
      const began = Math.max(packerFree[k]!, arrived + 2 * 60_000);
      let pt = began;
      const step = (seconds: number) => ({ now: (pt += Math.round(seconds * 1000)), actor: packer });
      let cartons = 0;
      // One order at the station in one transaction (the station's steps, each audited at its time).
      const ok = await tolerant(() =>
        store.transaction(async (tx) => {
          cartons = 0;
          const view = await packing.start(tx, { order, warehouse });
          if (view.status !== "Processing" || view.plan.cartons.length === 0 || view.plan.unpackable.length > 0) return;
          step(speeds.packSecondsPerOrder);
          for (const carton of view.plan.cartons) {
            await packing.chooseBox(tx, { order, box: carton.box.code, warehouse }, step(speeds.packSecondsPerCarton / 2));
            for (const item of carton.items) for (let u = 0; u < item.quantity; u++) await packing.scanItem(tx, { order, sku: item.sku, warehouse }, step(speeds.packSecondsPerUnit));
            await packing.recordWeight(tx, { order, grams: Math.round(carton.expectedWeightGrams) }, step(5));
            await packing.closeCarton(tx, { order }, step(speeds.packSecondsPerCarton / 2));
            cartons++;
          }
        }),
      );
      if (!ok) cartons = 0;
      c.cartons += cartons;
      if (ok && cartons > 0) {
        c.packerSeconds += (pt - began) / 1000;
        packerFree[k] = pt;
        packed.push(order);
      }
    };
    /** Close-out with the carrier after the shift: the day's shipments go on a manifest and ship. */
    const closeAt = () => Math.max(end, ...packerFree, ...pickerFree);
    const close = async (at: number) => {
      await tolerant(() => packing.own.closeOutManifest({ date: isoDate(start), warehouse }, { now: at, actor: "sim:supervisor" }));
      for (const order of new Set(packed)) {
        const row = await db.selectFrom("orders").select("status").where("number", "=", order).executeTakeFirst();
        if (row?.status === "Shipped") {
          c.ordersShipped++;
          afterShipping(order, at);
        }
      }
      c.shiftHours += shiftLength / HOUR;
    };
    return { wave, close, closeAt };
  };

  /** A day's shifts, all warehouses side by side: a wave in each every `waveEvery`, then the close-outs. */
  const runShifts = async (start: number) => {
    const shifts = warehouses.map((w) => shiftOf(w, start));
    for (let waveAt = start; waveAt < start + shiftLength; waveAt += waveEvery) {
      await runUntil(waveAt);
      for (const sh of shifts) await sh.wave(waveAt);
    }
    const at = Math.max(...shifts.map((sh) => sh.closeAt()));
    await runUntil(at);
    for (const sh of shifts) await sh.close(at);
  };

  // ------------------------------------------------------------ the days
  const perHour = Math.max(0, options.ordersPerHour);
  let now = day0;
  for (let d = 0; d < options.days; d++) {
    const dayStart = day0 + d * DAY;
    // Arrivals over the day: evenly spread with jitter, R per hour.
    const arrivals = Math.round(perHour * 24);
    for (let i = 0; i < arrivals; i++) {
      const at = dayStart + Math.floor(((i + rand()) * DAY) / Math.max(1, arrivals));
      later(at, () => arrive(at));
    }
    await runUntil(dayStart + shiftStart - HOUR);
    await replenish();
    await runShifts(dayStart + shiftStart);
    await runUntil(dayStart + DAY);
    now = dayStart + DAY;
    options.onDay?.(d + 1, result(c, options, d + 1, now));
  }
  // Carrier news due before the end of the last day has happened; later news is dropped.
  return result(c, options, options.days, now);
}

function result(c: Counters, options: SimulationOptions, days: number, endedAt: number): SimulationResult {
  const pickerHours = c.pickerSeconds / 3600;
  return {
    days,
    picking: options.picking,
    ...c,
    travelMetres: Math.round(c.travelMetres),
    pickerSeconds: Math.round(c.pickerSeconds),
    packerSeconds: Math.round(c.packerSeconds),
    picksPerPickerHour: pickerHours > 0 ? c.picks / pickerHours : 0,
    unitsPerPickerHour: pickerHours > 0 ? c.unitsPicked / pickerHours : 0,
    metresPerPick: c.picks > 0 ? c.travelMetres / c.picks : 0,
    ordersPerHour: c.shiftHours > 0 ? c.ordersShipped / c.shiftHours : 0,
    endedAt,
  };
}
