// `pickpack route`: plan a pick tour through a warehouse layout.
import { formatLength, lengthHeader } from "../output/format.js";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { InputError, ROUTE_METHODS, aisleDistance, planRoute } from "@pickpack/core";
import type { Layout, PickPoint, Route, RouteMethod } from "@pickpack/core";
import { Option } from "commander";
import type { CommandContext } from "../context.js";
import { table } from "../output/table.js";
import type { Registrar } from "./index.js";
import { withStore } from "../store.js";

export interface RouteFileOptions {
  readonly layout?: string;
  readonly picks?: string;
}

async function readText(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : e instanceof Error ? e.message : String(e);
    throw new InputError("FILE_UNREADABLE", `cannot read ${file}`, [{ file, message: reason }]);
  }
}

/**
 * Read the layout and pick points from the files given on the command line. (Stored layouts and
 * locations, `--warehouse W --locations A,B`, can be a second loader returning the same shape.)
 */
export async function loadRouteFiles(opts: RouteFileOptions, cwd: string): Promise<{ layout: Layout; picks: PickPoint[] }> {
  const missing = [opts.layout === undefined ? "--layout FILE" : undefined, opts.picks === undefined ? "--picks FILE" : undefined].filter(
    (m): m is string => m !== undefined,
  );
  if (opts.layout === undefined || opts.picks === undefined) {
    throw new InputError("ROUTE_MISSING_INPUT", `route needs ${missing.join(" and ")}`, missing.map((m) => ({ field: m, message: "is required" })));
  }
  const { parseLayoutJson, parsePicksJson } = await import("@pickpack/data/schemas");
  const layout = parseLayoutJson(await readText(opts.layout, cwd), opts.layout);
  const picks = parsePicksJson(await readText(opts.picks, cwd), opts.picks, layout);
  return { layout, picks };
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Print a route as a table of legs. With `codes` (the stored locations that were asked for, in the
 * order given, with their pick points) each stop also shows the location code(s) it serves.
 */
export function printRoute(ctx: CommandContext, layout: Layout, route: Route, codes?: readonly { code: string; point: PickPoint }[]): void {
  const how = route.optimal
    ? "optimal"
    : route.method === "exact"
      ? `heuristic: ${layout.crossAisles} cross aisles, not proven optimal`
      : "baseline policy";
  ctx.print(`Route in ${layout.warehouse}: method ${route.method} (${how}), ${route.stops.length} stops`);
  ctx.print();
  // Each stop takes the next unused location code standing at its pick point.
  const unused = [...(codes ?? [])];
  const codeAt = (p: PickPoint): string => {
    const i = unused.findIndex((c) => c.point.aisle === p.aisle && c.point.y === p.y);
    return i < 0 ? "" : unused.splice(i, 1)[0]!.code;
  };
  let prev: PickPoint | "depot" = "depot";
  let walked = 0;
  const rows: (string | number | null)[][] = route.stops.map((s, i) => {
    const leg = aisleDistance(layout, prev, s);
    walked += leg;
    prev = s;
    return [i + 1, ...(codes ? [codeAt(s)] : []), String(s.aisle), s.y, round(leg), round(walked)];
  });
  const back = aisleDistance(layout, prev, "depot");
  rows.push([null, ...(codes ? ["depot"] : []), codes ? "" : "depot", 0, round(back), round(walked + back)]);
  ctx.print(table(["#", ...(codes ? ["location"] : []), "aisle", lengthHeader("y"), lengthHeader("leg"), lengthHeader("walked")], rows));
  ctx.print();
  ctx.print(`Total length: ${formatLength(route.length)} (depot → ${route.stops.length} stops → depot)`);
}

export interface RouteStoredOptions {
  readonly warehouse?: string;
  readonly locations?: string;
}

/**
 * Read the layout and pick points from the database: the warehouse's stored layout, and each
 * location's `aisle` and `position` as the pick point `{ aisle, y: position }` (in the order given).
 */
export async function loadStoredRoute(ctx: CommandContext, opts: RouteStoredOptions): Promise<{ layout: Layout; picks: PickPoint[]; codes: { code: string; point: PickPoint }[] }> {
  if (opts.warehouse === undefined || opts.locations === undefined) {
    const missing = opts.warehouse === undefined ? "--warehouse CODE" : "--locations A,B,...";
    throw new InputError("ROUTE_MISSING_INPUT", `route with stored locations needs ${missing}`, [{ field: missing, message: "is required" }]);
  }
  const codes = opts.locations
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "");
  if (codes.length === 0) throw new InputError("ROUTE_MISSING_INPUT", "--locations lists no location", [{ field: "--locations", message: "give location codes separated by commas" }]);
  const warehouse = opts.warehouse;
  return withStore(ctx, async (store) => {
    const { loadStoredPickPoints } = await import("@pickpack/data/planning");
    const { layout, locations: byCode } = await loadStoredPickPoints(store, warehouse, codes);
    const unknown = codes.filter((c) => !byCode.has(c));
    if (unknown.length > 0) {
      throw new InputError(
        "LOCATION_NOT_FOUND",
        `${unknown.length} location(s) not found in warehouse ${warehouse}`,
        unknown.map((c) => ({ field: "--locations", message: `no location ${c} in ${warehouse}` })),
      );
    }
    const picks = codes.map((c) => ({ aisle: byCode.get(c)!.aisle, y: byCode.get(c)!.position }));
    return { layout, picks, codes: codes.map((code, i) => ({ code, point: picks[i]! })) };
  });
}

export const registerRoute: Registrar = (program, ctx) => {
  program
    .command("route")
    .description("plan the shortest pick tour from the depot through pick points and back")
    .option("--layout <file>", "warehouse layout JSON file")
    .option("--picks <file>", 'pick points JSON file: [{ "aisle": 0, "y": 12.5 }, ...]')
    .addOption(new Option("--method <method>", "routing method").choices([...ROUTE_METHODS]).default("exact"))
    .option("--warehouse <code>", "use the stored layout of this warehouse (with --locations)")
    .option("--locations <codes>", "stored location codes, comma-separated (each location's aisle and position is its pick point)")
    .option("--json", "print { method, length, stops, optimal } as JSON")
    .action(async (opts: RouteFileOptions & RouteStoredOptions & { method: RouteMethod; json?: boolean }) => {
      if ((opts.warehouse !== undefined || opts.locations !== undefined) && (opts.layout !== undefined || opts.picks !== undefined)) {
        throw new InputError("ROUTE_CONFLICTING_INPUT", "give --layout/--picks files or --warehouse/--locations, not both", [{ field: "--warehouse", message: "conflicts with --layout/--picks" }]);
      }
      const stored = opts.warehouse !== undefined || opts.locations !== undefined;
      const { layout, picks, codes } = stored ? await loadStoredRoute(ctx, opts) : { ...(await loadRouteFiles(opts, ctx.io.cwd)), codes: undefined };
      const route = planRoute(layout, picks, opts.method);
      if (opts.json) {
        ctx.printJson({ method: route.method, length: route.length, stops: route.stops, optimal: route.optimal });
      } else {
        printRoute(ctx, layout, route, codes);
      }
    });
};
