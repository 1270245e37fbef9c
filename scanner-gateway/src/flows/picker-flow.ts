/**
 * The picker flow over the picking service functions of the data package, each called with the
 * gateway's transaction so the scan record and the pick commit together. The device's logged-in user
 * is the picker; their in-progress pick list is the trip. Stops are numbered as `picklists show` and
 * the printed pick list number them; totes are named as the pack station scans them (`TOTE-2T2`).
 */
import { DomainError, type PickResult, type PickTask } from "@pickpack/core";
import {
  assignNextPickList,
  completePickTrip,
  confirmPickItem,
  confirmPickLocation,
  nextPickTask,
  shortPick,
  skipPickLine,
  tripMetresToGo,
  tripTasks,
  type PickTask as DataPickTask,
} from "@pickpack/data/planning";
import type { CommandScope, PickerFlow } from "./flows.js";

/** The tote as the pack station scans it: `TOTE-<pick list>T<n>`. */
const toteName = (pickListId: number, tote: number): string => `TOTE-${pickListId}T${tote}`;

const toTask = (t: DataPickTask | null, picked?: number): PickTask | null =>
  t && {
    taskId: `${t.pickListId}:${t.lineId}`,
    tripId: String(t.pickListId),
    orderNumber: t.order,
    location: t.location,
    sku: t.sku,
    description: t.description,
    quantity: t.quantity,
    picked: picked ?? t.picked,
    tote: t.tote === null ? null : toteName(t.pickListId, t.tote),
    position: t.stop,
    of: t.stops,
    barcodes: t.barcodes,
  };

/** Stops sent ahead with a task (a handheld walks on with them offline); a trip rarely has more. */
const MAX_UPCOMING = 60;

/** The task with the stops after it: sent whenever the stop changes. */
async function withUpcoming(tx: CommandScope["tx"], t: DataPickTask | null): Promise<PickTask | null> {
  const task = toTask(t);
  if (!t || !task) return task;
  const left = await tripTasks(tx, t.pickListId); // every stop left, in walking order
  const ahead = left.filter((x) => x.lineId !== t.lineId).slice(0, MAX_UPCOMING);
  const metres = await tripMetresToGo(tx, t.pickListId, left);
  return { ...task, upcoming: ahead.map((x) => toTask(x)!), ...(metres !== undefined ? { metresToGo: Math.round(metres) } : {}) };
}

async function trip(c: CommandScope): Promise<{ pickListId: number; task: DataPickTask | null }> {
  if (!c.user) throw new DomainError("NOT_LOGGED_IN", "scan your badge first");
  const a = await assignNextPickList(c.tx, { picker: c.user.id }, { now: c.now, actor: c.user.id });
  if (!a) throw new DomainError("PICK_NOTHING_RELEASED", "no released pick list is waiting: ask a supervisor to release a wave");
  return { pickListId: a.pickListId, task: a.task };
}

const by = (c: CommandScope) => ({ now: c.now, actor: `${c.user?.id ?? "?"}@${c.device.id}` });

async function publish(c: CommandScope, r: PickResult): Promise<PickResult> {
  await c.feed(c.device.id, "task", { task: r.next });
  return r;
}

export const pickerFlow: PickerFlow = {
  async next(q) {
    const userId = q.device.user_id;
    if (!userId) return null;
    return q.store.transaction(async (tx) => {
      const a = await assignNextPickList(tx, { picker: userId }, { now: q.now, actor: userId });
      return a ? withUpcoming(tx, a.task ?? (await nextPickTask(tx, a.pickListId))) : null;
    });
  },
  async scan(c, p) {
    const { pickListId, task } = await trip(c);
    if (!task) throw new DomainError("PICK_NOTHING_TO_PICK", "this trip has nothing left to pick: complete the trip");
    if (!task.locationConfirmed) {
      const t = await confirmPickLocation(c.tx, { pickListId, location: p.code, lineId: task.lineId }, by(c));
      return publish(c, { step: "location-confirmed", task: toTask(t), next: toTask(t), message: `at ${t.location}: scan ${t.remaining} × ${t.sku}` });
    }
    if (p.code.trim() === task.location) {
      // the location again (e.g. the next stop is at the same location): already confirmed, nothing changes
      return { step: "location-confirmed", task: toTask(task), next: toTask(task), message: `at ${task.location}: scan ${task.quantity - task.picked} × ${task.sku}` };
    }
    const r = await confirmPickItem(c.tx, { pickListId, code: p.code, lineId: task.lineId, ...(p.quantity ? { quantity: p.quantity } : {}) }, by(c));
    const next = r.lineDone ? await withUpcoming(c.tx, r.next) : toTask(r.next);
    return publish(c, { step: r.lineDone ? "task-done" : "item-counted", task: toTask(task, r.picked), next, message: `${r.picked}/${r.quantity} × ${r.sku}` });
  },
  async confirm(c) {
    const { task } = await trip(c);
    return { step: "task-done", task: toTask(task), next: toTask(task), message: task ? `next: ${task.location}` : "trip complete: take the totes to packing" };
  },
  async short(c, p) {
    const { pickListId, task } = await trip(c);
    if (!task) throw new DomainError("PICK_NOTHING_TO_PICK", "this trip has nothing left to pick");
    const r = await shortPick(c.tx, { pickListId, lineId: task.lineId, found: p.found, ...(p.reason ? { reason: p.reason } : {}) }, by(c));
    return publish(c, { step: "short", task: toTask(task), next: await withUpcoming(c.tx, r.next), message: `short ${r.missing}: ${r.replanned.length} new stop(s), ${r.backordered} back-ordered` });
  },
  async skip(c) {
    const { pickListId, task } = await trip(c);
    if (!task) throw new DomainError("PICK_NOTHING_TO_PICK", "this trip has nothing left to pick");
    const next = await skipPickLine(c.tx, { pickListId, lineId: task.lineId }, by(c));
    return publish(c, { step: "skipped", task: toTask(task), next: await withUpcoming(c.tx, next), message: `skipped ${task.location}: it comes back at the end` });
  },
  async complete(c, p) {
    const { pickListId } = await trip(c);
    const r = await completePickTrip(c.tx, { pickListId, ...(p.station ? { packStation: p.station } : {}) }, by(c));
    return publish(c, { step: "trip-complete", task: null, next: null, message: `trip ${r.pickListId} complete: ${r.totes.length} tote(s) to ${r.packStation ?? "packing"}` });
  },
};
