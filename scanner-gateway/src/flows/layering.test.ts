import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const src = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");

describe("the pack station is thin over data/packing and core's station machine", () => {
  it("the packer flow and the simulated station run no queries of their own", () => {
    for (const file of ["./packer-flow.ts", "../stations/sim-demo.ts"]) {
      const s = src(file);
      expect(s, file).not.toMatch(/\btx\.db\b|\.kysely\b|selectFrom\(/);
    }
  });
  it("the packer flow takes its phases from stationNext (no hand-written phase literals) and parses SSCCs with core", () => {
    const s = src("./packer-flow.ts");
    expect(s).toMatch(/stationNext\(/);
    expect(s).not.toMatch(/phase: "(scanning|weigh|weight-refused|labelled|packed)"/);
    expect(s).not.toMatch(/bareSscc/);
  });
  it("packing identifies items with the shared scan resolver", () => {
    const s = src("../../../data/src/packing/identify.ts");
    expect(s).toMatch(/resolveScannedItem/);
    expect(s).not.toMatch(/sku-lookup/);
  });
});
