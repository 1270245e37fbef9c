/**
 * Where a packed unit may come from. A unit of an order line may go into a carton of warehouse W only
 * when W holds an allocation for the line with units left to pack (PACK_WRONG_WAREHOUSE), and, once
 * the order was waved (it has pick-list lines in any warehouse), only up to what was picked for the
 * line in W (PACK_NOT_PICKED): the part of a split order that sits in another warehouse is packed
 * there, after it is picked there. Orders never waved at all (a supervisor started processing by
 * hand) are packed straight from the allocation.
 */
import { DomainError, err, ok, type Result } from "../shared/errors.js";


export interface PickListRef {
  readonly pickListId: number;
  readonly waveId: number;
  /** The pick list's status (released, picking, completed …). */
  readonly status: string;
  readonly picker?: string | undefined;
  /** Units of this order line on that pick list, and picked so far. */
  readonly quantity: number;
  readonly picked: number;
}

export interface PackSourceFacts {
  readonly orderNumber: string;
  readonly lineNo: number;
  readonly sku: string;
  /** The carton's warehouse. */
  readonly warehouse: string;
  /** Units of this line allocated per warehouse (every warehouse holding some). */
  readonly allocated: readonly { readonly warehouse: string; readonly quantity: number }[];
  /** Units of this line already in cartons of `warehouse`. */
  readonly packedHere: number;
  /** Whether the order has pick-list lines in any warehouse (it was waved). */
  readonly waved: boolean;
  /** This line's pick-list lines in `warehouse` (when waved). */
  readonly pickLists: readonly PickListRef[];
  /** The carton's warehouse is the pack station's own (a station packs only what ships from its warehouse). */
  readonly atStation?: boolean;
}

/** A line's units per warehouse from a station's point of view: what packs here, and what ships from elsewhere. */
export interface StationShare {
  readonly here: number;
  readonly packedHere: number;
  readonly elsewhere: readonly { readonly warehouse: string; readonly quantity: number }[];
}

/** Split a line's allocation and packed units into what a station of `warehouse` packs and what ships from other warehouses. */
export function stationShare(
  warehouse: string,
  allocated: readonly { readonly warehouse: string; readonly quantity: number }[],
  packed: readonly { readonly warehouse: string; readonly quantity: number }[],
): StationShare {
  const sum = (xs: readonly { readonly warehouse: string; readonly quantity: number }[], w: string) => xs.filter((x) => x.warehouse === w).reduce((a, x) => a + x.quantity, 0);
  const others = [...new Set(allocated.map((a) => a.warehouse).filter((w) => w !== warehouse))];
  return {
    here: sum(allocated, warehouse),
    packedHere: sum(packed, warehouse),
    elsewhere: others.map((w) => ({ warehouse: w, quantity: Math.max(0, sum(allocated, w) - sum(packed, w)) })).filter((x) => x.quantity > 0),
  };
}

/** May one more unit of the line go into a carton of `warehouse`? */
export function checkPackSource(f: PackSourceFacts): Result<{ readonly picked?: number }, DomainError> {
  const here = f.allocated.filter((a) => a.warehouse === f.warehouse).reduce((a, x) => a + x.quantity, 0);
  const what = `line ${f.lineNo} (${f.sku}) of order ${f.orderNumber}`;
  if (f.packedHere + 1 > here) {
    const elsewhere = f.allocated.filter((a) => a.warehouse !== f.warehouse && a.quantity > 0);
    if (f.atStation && here === 0 && elsewhere.length > 0) {
      const from = elsewhere.map((a) => a.warehouse).join(" and ");
      return err(
        new DomainError("PACK_SHIPS_ELSEWHERE", `this line ships from ${from} in its own carton: ${what} is packed there, not at this ${f.warehouse} station`, {
          warehouse: f.warehouse,
          shipsFrom: elsewhere.map((a) => a.warehouse),
          sku: f.sku,
          lineNo: f.lineNo,
        }),
      );
    }
    const where = elsewhere.length > 0 ? `; pack it where it is allocated: ${elsewhere.map((a) => `${a.warehouse} (${a.quantity})`).join(", ")}` : "";
    const msg =
      here === 0
        ? `${what} is not allocated to ${f.warehouse}, the warehouse of this carton${where}`
        : `${what}: all ${here} allocated to ${f.warehouse} are already packed${where}`;
    return err(new DomainError("PACK_WRONG_WAREHOUSE", msg, { warehouse: f.warehouse, allocatedHere: here, packedHere: f.packedHere, allocated: f.allocated }));
  }
  if (!f.waved) return ok({});
  const picked = f.pickLists.reduce((a, p) => a + p.picked, 0);
  if (f.packedHere + 1 > picked) {
    const open = f.pickLists.filter((p) => p.picked < p.quantity);
    const lists = (open.length > 0 ? open : f.pickLists).map(
      (p) => `pick list ${p.pickListId} (wave ${p.waveId}, ${p.status}${p.picker ? ` by ${p.picker}` : ""}: ${p.picked} of ${p.quantity} picked)`,
    );
    const where = lists.length > 0 ? `; see ${lists.join(", ")}` : `; it is on no pick list in ${f.warehouse}`;
    return err(
      new DomainError("PACK_NOT_PICKED", `${what}: only ${picked} picked in ${f.warehouse} and ${f.packedHere} already packed — pick it before packing${where}`, {
        warehouse: f.warehouse,
        picked,
        packedHere: f.packedHere,
        pickLists: f.pickLists.map((p) => p.pickListId),
      }),
    );
  }
  return ok({ picked });
}
