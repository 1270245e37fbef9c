/**
 * `pickpack gateway --devices sim`: a scanner script and scale weights that pack one real, fully picked order at
 * the simulated station, so the flow shows in the logs: a packer's badge, the order, a wrong item,
 * every unit, one unit too many, then the scale: a weight outside tolerance (refused) and the
 * right weight (accepted: carton closed, label printed).
 */
import { toleranceGrams } from "@pickpack/core";
import type { PackingService } from "@pickpack/data/packing";

export interface SimPackScript {
  readonly order: string | null;
  readonly scans: readonly string[];
  readonly weights: readonly number[];
}

export async function simPackScript(packing: PackingService, options: { scanIntervalMs: number; scaleCycleMs: number }): Promise<SimPackScript> {
  const f = await packing.simPackFixture();
  const badge = f.badge ?? "BADGE-0007";
  if (!f.order || f.expectedGrams === undefined || f.lines.length === 0) return { order: null, scans: [badge], weights: [] };
  const expected = f.expectedGrams;
  const scans = [badge, f.order, ...(f.foreignBarcode ? [f.foreignBarcode] : []), ...f.lines.flatMap((l) => Array.from({ length: l.quantity }, () => l.barcode)), f.lines[0]!.barcode];
  // zero weight until the last scan, then too heavy (refused), then right
  const idle = Math.ceil((scans.length * options.scanIntervalMs) / options.scaleCycleMs) + 1;
  const heavy = expected + Math.round(toleranceGrams(expected)) + 300;
  return { order: f.order, scans, weights: [...Array.from({ length: idle }, () => 0), heavy, expected] };
}
