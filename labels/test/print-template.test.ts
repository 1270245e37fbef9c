/** A filled file: printer template stays in its folder: a station named `..` cannot write elsewhere. */
import { describe, expect, it } from "vitest";
import { PrintError, fillPrintTarget } from "../src/index.js";

const vars = (station: string, shipment = "S1") => ({ station, shipment, tracking: "T1" });

describe("printer target templates", () => {
  it("fills station, shipment and tracking, replacing unsafe characters", () => {
    expect(fillPrintTarget("file:/spool/{station}-{shipment}.zpl", vars("P1"))).toBe("file:/spool/P1-S1.zpl");
    expect(fillPrintTarget("file:/spool/{station}/{tracking}.zpl", vars("a/b c"))).toBe("file:/spool/a_b_c/T1.zpl");
    expect(fillPrintTarget("tcp://10.0.0.5:9100", vars(".."))).toBe("tcp://10.0.0.5:9100");
  });

  for (const station of ["..", "."]) {
    it(`refuses a filled template that leaves its folder (station ${JSON.stringify(station)})`, () => {
      for (const template of ["file:/spool/{station}/label.zpl", "file:spool/{station}/{shipment}.zpl", "file:{station}/x.zpl"]) {
        let err: unknown;
        try {
          fillPrintTarget(template, vars(station));
        } catch (e) {
          err = e;
        }
        expect(err, template).toBeInstanceOf(PrintError);
        expect((err as PrintError).code).toBe("PRINT_TARGET_OUTSIDE_FOLDER");
      }
    });
  }

  it("a value with dots inside a name stays in the folder", () => {
    expect(fillPrintTarget("file:/spool/{station}-{shipment}.zpl", vars(".."))).toBe("file:/spool/..-S1.zpl");
    expect(fillPrintTarget("file:/spool/{shipment}/x.zpl", vars("P1", "a..b"))).toBe("file:/spool/a..b/x.zpl");
  });
});
