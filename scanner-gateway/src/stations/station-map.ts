/**
 * The station map file of `pickpack gateway --station-map FILE`: which USB HID devices stand at
 * which pack station, and each station's label printer and format and its warehouse.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { InputError, STATION_NAME_PATTERN, STATION_NAME_RULE, type StationMapping } from "@pickpack/core";
import type { StationConfig } from "../flows/packer-flow.js";

const hexOrNumber = z.union([z.number().int().min(0).max(0xffff), z.string().regex(/^(0x)?[0-9a-fA-F]{1,4}$/).transform((s) => parseInt(s, 16))]);
const stationMapSchema = z.array(
  z.strictObject({
    station: z.string().regex(STATION_NAME_PATTERN, `must be a station name: ${STATION_NAME_RULE}`),
    vendorId: hexOrNumber.optional(),
    productId: hexOrNumber.optional(),
    serialNumber: z.string().optional(),
    path: z.string().optional(),
    /** The station's label printer: CUPS queue, tcp://HOST:9100 or file:PATH ({station}, {shipment}, {tracking} in a file path). */
    printer: z.string().min(1).max(500).optional(),
    labelFormat: z.enum(["zpl", "pdf"]).optional(),
    labelDpi: z.union([z.literal(203), z.literal(300)]).optional(),
    /** The warehouse the station stands in: it packs only what ships from there. */
    warehouse: z.string().min(1).max(32).optional(),
  }),
);

export interface StationMapFile {
  /** HID device → station (entries with at least one device selector). */
  readonly mappings: StationMapping[];
  /** Per station: printer and label format. */
  readonly stations: Record<string, StationConfig>;
}

/** HID device → station mappings of a station map file (entries naming a device). */
export function readStationMap(file: string): StationMapping[] {
  return readStationMapFile(file).mappings;
}

export function readStationMapFile(file: string): StationMapFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new InputError("STATION_MAP_INVALID", `${file}: cannot read JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(json) ? json : (json as { stations?: unknown } | null)?.stations;
  const r = stationMapSchema.safeParse(list);
  if (!r.success) {
    throw new InputError(
      "STATION_MAP_INVALID",
      `${file}: expected [{ "station": "P1", "vendorId": "0c2e", "productId": "0b61" }, …]`,
      r.error.issues.map((i) => ({ file, field: i.path.join("."), message: i.message })),
    );
  }
  const mappings: StationMapping[] = [];
  const stations: Record<string, StationConfig> = {};
  for (const e of r.data) {
    const { printer, labelFormat, labelDpi, warehouse, ...m } = e;
    if (m.vendorId !== undefined || m.productId !== undefined || m.serialNumber !== undefined || m.path !== undefined) mappings.push(m as StationMapping);
    if (printer || labelFormat || labelDpi || warehouse) {
      stations[e.station] = { ...stations[e.station], ...(printer ? { printer } : {}), ...(labelFormat ? { labelFormat } : {}), ...(labelDpi ? { labelDpi } : {}), ...(warehouse ? { warehouse } : {}) };
    }
  }
  return { mappings, stations };
}

