import { InputError } from "@pickpack/core";
import { describe, expect, it } from "vitest";
import { parseLayoutJson, safeParseLayout } from "./layout.js";
import { parsePicksJson } from "./picks.js";

const good = { warehouse: "WH1", aisles: 12, aisleLength: 30, aisleSpacing: 3, crossAisles: 2, depot: { x: 0, y: 0 } };

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("layout file", () => {
  it("parses the issue's example", () => {
    expect(parseLayoutJson(JSON.stringify(good), "wh1.json")).toEqual(good);
  });
  it("names file and field for shape errors", () => {
    const e = inputError(() => parseLayoutJson(JSON.stringify({ ...good, aisles: "12", depot: { x: 0 } }), "wh1.json"));
    expect(e.code).toBe("LAYOUT_INVALID");
    expect(e.issues.map((i) => [i.file, i.field])).toEqual([
      ["wh1.json", "aisles"],
      ["wh1.json", "depot.y"],
    ]);
  });
  it("names file and field for semantic errors (depot off the front cross aisle, past the last aisle)", () => {
    const e = inputError(() => parseLayoutJson(JSON.stringify({ ...good, depot: { x: 40, y: 5 } }), "wh1.json"));
    expect(e.issues.map((i) => [i.file, i.field])).toEqual([
      ["wh1.json", "depot.y"],
      ["wh1.json", "depot.x"],
    ]);
    expect(e.issues[1]?.message).toMatch(/between 0 and 33/);
  });
  it("prefixes fields of a layout inside a bigger file", () => {
    const r = safeParseLayout({ ...good, crossAisles: 1 }, "layouts.json", "[2]");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues[0]?.field).toBe("[2].crossAisles");
  });
  it("reports bad JSON with the file name", () => {
    const e = inputError(() => parseLayoutJson("{ nope", "wh1.json"));
    expect(e.code).toBe("JSON_INVALID");
    expect(e.issues[0]?.file).toBe("wh1.json");
  });
});

describe("picks file", () => {
  it("parses an array of pick points", () => {
    expect(parsePicksJson('[{"aisle":0,"y":4},{"aisle":3,"y":12.5}]', "p.json")).toEqual([
      { aisle: 0, y: 4 },
      { aisle: 3, y: 12.5 },
    ]);
  });
  it("names the index and field of bad entries", () => {
    const e = inputError(() => parsePicksJson('[{"aisle":0,"y":4},{"aisle":1.5,"y":-1}]', "p.json"));
    expect(e.code).toBe("PICKS_INVALID");
    expect(e.issues.map((i) => i.field)).toEqual(["[1].aisle", "[1].y"]);
    expect(inputError(() => parsePicksJson('{"aisle":0}', "p.json")).issues[0]?.message).toMatch(/array/);
  });
  it("checks picks against the layout", () => {
    const e = inputError(() => parsePicksJson('[{"aisle":12,"y":4},{"aisle":0,"y":31}]', "p.json", good));
    expect(e.issues.map((i) => [i.file, i.field])).toEqual([
      ["p.json", "[0].aisle"],
      ["p.json", "[1].y"],
    ]);
  });
});
