// The catalogue covers every event type the code writes to the outbox (found in the sources, so a
// new type without a catalogue entry fails here), and docs/events.md is generated from it.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CONSUMED_MESSAGE_TYPES, EVENT_CATALOGUE, catalogueMarkdown, eventType } from "./catalogue.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === "node_modules" || f === "dist" ? [] : sources(p);
    return p.endsWith(".ts") && !p.endsWith(".test.ts") && !p.endsWith("catalogue.ts") ? [p] : [];
  });
}

describe("event catalogue", () => {
  it("has every event type the code writes (outbox writes in core, data and the gateway)", () => {
    const written = new Set<string>();
    for (const file of ["core/src", "data/src", "scanner-gateway/src"].flatMap((d) => sources(join(ROOT, d)))) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/"([a-z]+(?:\.[a-z-]+)+\.v\d+)"/g)) written.add(m[1]!);
    }
    expect(written.size).toBeGreaterThan(15);
    const consumed: readonly string[] = CONSUMED_MESSAGE_TYPES;
    expect([...written].filter((t) => !eventType(t) && !consumed.includes(t)).sort()).toEqual([]);
  });

  it("docs/events.md is the catalogue (npm run docs:events)", () => {
    expect(readFileSync(join(ROOT, "docs/events.md"), "utf8")).toBe(catalogueMarkdown());
  });

  it("every schema requires orderNumber and sequence and describes its own fields", () => {
    for (const e of EVENT_CATALOGUE) {
      expect(e.schema.required).toEqual(expect.arrayContaining(["orderNumber", "sequence"]));
      expect(e.description.length).toBeGreaterThan(10);
    }
  });
});
