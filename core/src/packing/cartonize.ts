/**
 * Cartonization: which box types an order's items go into.
 *
 * Fit test (documented in docs/packing.md): a set of units fits a box type when
 *  1. every unit fits on its own, rotated freely: its dimensions sorted ascending are each ≤ the box's
 *     inner dimensions sorted ascending (a unit that is longer than the box in some orientation can be
 *     turned; this is exact for one rectangular item in a rectangular box, with 90° rotations);
 *  2. the units' total volume is ≤ `fillFactor` × the box's inner volume (default 0.85: real items are
 *     not liquid, some space is lost between them);
 *  3. the units' weight + the box's tare is ≤ the box's maximum weight.
 * It is a conservative heuristic, not a 3D placement: the packer may always choose another box (the
 * reason is recorded).
 *
 * One carton: the box with the smallest inner volume that fits everything (ties: lighter tare, then code).
 * Otherwise several: first-fit decreasing over units (largest volume first), each unit going into the
 * first open carton whose contents plus the unit still fit SOME box type, else into a new carton; each
 * carton is finally shrunk to the smallest box that fits its contents. Units that fit no box on their
 * own (too big or too heavy) are reported in `unpackable`, never silently dropped.
 */
import type { BoxType } from "../orders/types.js";

export interface PackItem {
  readonly sku: string;
  readonly quantity: number;
  readonly weightGrams: number;
  readonly lengthMm: number;
  readonly widthMm: number;
  readonly heightMm: number;
}

export interface CartonContent {
  readonly sku: string;
  readonly quantity: number;
}

export interface PlannedCarton {
  readonly box: BoxType;
  readonly items: readonly CartonContent[];
  /** Items only. */
  readonly itemsWeightGrams: number;
  /** Items + box tare: what the scale should read. */
  readonly expectedWeightGrams: number;
  /** Items' volume / box inner volume. */
  readonly fillRatio: number;
}

export interface Cartonization {
  readonly cartons: readonly PlannedCarton[];
  readonly unpackable: readonly (CartonContent & { readonly reason: string })[];
}

export interface CartonizeOptions {
  /** Share of a box's inner volume that items may fill (0 < f ≤ 1), default 0.85. */
  readonly fillFactor?: number;
}

export const DEFAULT_FILL_FACTOR = 0.85;

type Unit = Omit<PackItem, "quantity">;

const sorted3 = (a: number, b: number, c: number): [number, number, number] => [a, b, c].sort((x, y) => x - y) as [number, number, number];
const volume = (u: { lengthMm: number; widthMm: number; heightMm: number }) => u.lengthMm * u.widthMm * u.heightMm;
export const boxVolume = (b: BoxType): number => b.innerLengthMm * b.innerWidthMm * b.innerHeightMm;

/** Does one unit fit the box's inner dimensions in some 90° orientation? */
export function unitFitsBox(unit: Pick<PackItem, "lengthMm" | "widthMm" | "heightMm">, box: BoxType): boolean {
  const u = sorted3(unit.lengthMm, unit.widthMm, unit.heightMm);
  const b = sorted3(box.innerLengthMm, box.innerWidthMm, box.innerHeightMm);
  return u[0] <= b[0] && u[1] <= b[1] && u[2] <= b[2];
}

/** Why a set of items does not fit a box, or undefined when it does (the three rules above). */
export function whyNotFits(items: readonly PackItem[], box: BoxType, options: CartonizeOptions = {}): string | undefined {
  const fill = options.fillFactor ?? DEFAULT_FILL_FACTOR;
  let vol = 0;
  let grams = 0;
  for (const it of items) {
    if (it.quantity <= 0) continue;
    if (!unitFitsBox(it, box)) return `${it.sku} (${it.lengthMm}×${it.widthMm}×${it.heightMm} mm) does not fit inside ${box.code} (${box.innerLengthMm}×${box.innerWidthMm}×${box.innerHeightMm} mm)`;
    vol += volume(it) * it.quantity;
    grams += it.weightGrams * it.quantity;
  }
  if (vol > fill * boxVolume(box)) return `the items fill ${Math.round((vol / boxVolume(box)) * 100)}% of ${box.code}; at most ${Math.round(fill * 100)}% fits`;
  if (grams + box.tareGrams > box.maxWeightGrams) return `items ${round(grams)} g + tare ${box.tareGrams} g exceed ${box.code}'s maximum ${box.maxWeightGrams} g`;
  return undefined;
}

/** Box types from smallest inner volume to largest (ties: lighter tare, then code). */
export function boxesBySize(boxes: readonly BoxType[]): BoxType[] {
  return [...boxes].sort((a, b) => boxVolume(a) - boxVolume(b) || a.tareGrams - b.tareGrams || a.code.localeCompare(b.code));
}

/** The smallest box type that holds all these items, if any. */
export function smallestFittingBox(items: readonly PackItem[], boxes: readonly BoxType[], options: CartonizeOptions = {}): BoxType | undefined {
  return boxesBySize(boxes).find((b) => whyNotFits(items, b, options) === undefined);
}

export function itemsWeightGrams(items: readonly Pick<PackItem, "weightGrams" | "quantity">[]): number {
  return round(items.reduce((a, it) => a + it.weightGrams * it.quantity, 0));
}

/** Expected gross weight of a carton: items' unit weights × quantities + the box's tare. */
export function expectedCartonWeightGrams(items: readonly Pick<PackItem, "weightGrams" | "quantity">[], box: Pick<BoxType, "tareGrams">): number {
  return round(itemsWeightGrams(items) + box.tareGrams);
}

function plan(box: BoxType, items: readonly PackItem[]): PlannedCarton {
  const merged = new Map<string, PackItem>();
  for (const it of items) {
    const m = merged.get(it.sku);
    merged.set(it.sku, m ? { ...m, quantity: m.quantity + it.quantity } : it);
  }
  const list = [...merged.values()].filter((i) => i.quantity > 0);
  const w = itemsWeightGrams(list);
  return {
    box,
    items: list.map((i) => ({ sku: i.sku, quantity: i.quantity })),
    itemsWeightGrams: w,
    expectedWeightGrams: round(w + box.tareGrams),
    fillRatio: list.reduce((a, i) => a + volume(i) * i.quantity, 0) / boxVolume(box),
  };
}

export function cartonize(items: readonly PackItem[], boxes: readonly BoxType[], options: CartonizeOptions = {}): Cartonization {
  const fill = options.fillFactor ?? DEFAULT_FILL_FACTOR;
  if (!(fill > 0 && fill <= 1)) throw new RangeError(`fillFactor must be in (0, 1], got ${fill}`);
  const wanted = items.filter((i) => i.quantity > 0);
  if (wanted.length === 0) return { cartons: [], unpackable: [] };
  const single = smallestFittingBox(wanted, boxes, options);
  if (single) return { cartons: [plan(single, wanted)], unpackable: [] };

  const unpackable = new Map<string, { sku: string; quantity: number; reason: string }>();
  const units: Unit[] = [];
  for (const it of wanted) {
    const one = { ...it, quantity: 1 };
    if (!smallestFittingBox([one], boxes, options)) {
      const reasons = boxesBySize(boxes).map((b) => whyNotFits([one], b, options));
      unpackable.set(it.sku, { sku: it.sku, quantity: it.quantity, reason: reasons.at(-1) ?? "no box types are defined" });
      continue;
    }
    for (let k = 0; k < it.quantity; k++) units.push(one);
  }
  units.sort((a, b) => volume(b) - volume(a) || b.weightGrams - a.weightGrams || a.sku.localeCompare(b.sku));

  const open: PackItem[][] = [];
  for (const u of units) {
    const unit = { ...u, quantity: 1 };
    const target = open.find((c) => smallestFittingBox(merge([...c, unit]), boxes, options) !== undefined);
    if (target) target.push(unit);
    else open.push([unit]);
  }
  const cartons = open.map((c) => {
    const content = merge(c);
    return plan(smallestFittingBox(content, boxes, options)!, content);
  });
  return { cartons, unpackable: [...unpackable.values()] };
}

function merge(units: readonly PackItem[]): PackItem[] {
  const m = new Map<string, PackItem>();
  for (const u of units) {
    const e = m.get(u.sku);
    m.set(u.sku, e ? { ...e, quantity: e.quantity + u.quantity } : { ...u });
  }
  return [...m.values()];
}

function round(g: number): number {
  return Math.round(g * 1000) / 1000;
}
