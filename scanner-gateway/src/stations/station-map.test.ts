import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readStationMapFile } from "./station-map.js";

describe("the station map file", () => {
  it("binds a station to its warehouse (with or without devices or a printer)", () => {
    const dir = mkdtempSync(join(tmpdir(), "pickpack-map-"));
    try {
      const file = join(dir, "stations.json");
      writeFileSync(file, JSON.stringify([{ station: "P1", warehouse: "WH1", printer: "file:/tmp/{station}.zpl" }, { station: "P2", warehouse: "WH2", vendorId: "0c2e", productId: "0b61" }]));
      const m = readStationMapFile(file);
      expect(m.stations).toEqual({ P1: { printer: "file:/tmp/{station}.zpl", warehouse: "WH1" }, P2: { warehouse: "WH2" } });
      expect(m.mappings).toEqual([{ station: "P2", vendorId: 0x0c2e, productId: 0x0b61 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
