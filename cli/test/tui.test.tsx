import { render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup } from "ink-testing-library";
import { MemoryQueueStore, PackClient } from "@pickpack/client";
import { App } from "../src/tui/app.js";
import { COLOR_THEME, MONO_THEME, themeFor } from "../src/tui/theme.js";
import type { Theme } from "../src/tui/theme.js";
import { FakeTransport, ManualTimers, flush, station } from "./fake-transport.js";
import { SimPackGateway } from "./sim-gateway.js";

// eslint-disable-next-line no-control-regex
const strip = (s: string | undefined) => (s ?? "").replace(/\x1b\[[0-9;]*m/g, "");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(o: { columns?: number; rows?: number; theme?: Theme; printerFails?: number; clock?: boolean } = {}) {
  const timers = new ManualTimers();
  const sim = new SimPackGateway({ printerFails: o.printerFails ?? 0 });
  const transport = new FakeTransport((e, p) => sim.handle(e, p));
  sim.onFeed = (item) => transport.push("feed", item);
  const client = new PackClient({ transport, queue: new MemoryQueueStore(), station: "P1", timers, now: () => timers.now, offlineAfterMs: 3000 });
  client.start();
  const ui = render(<App client={client} theme={o.theme ?? MONO_THEME} unit="kg" columns={o.columns ?? 80} rows={o.rows ?? 24} {...(o.clock ? { now: () => timers.now } : {})} />);
  const frame = () => strip(ui.lastFrame());
  const scan = async (code: string) => {
    ui.stdin.write(`${code}\r`);
    await flush(10);
  };
  const key = async (k: string) => {
    ui.stdin.write(k);
    await sleep(45); // past the wedge burst window: a typed key
    await flush(5);
  };
  return { ui, client, transport, timers, sim, frame, scan, key };
}

afterEach(() => cleanup());

function fitsScreen(frame: string, columns: number, rows: number) {
  const lines = frame.split("\n");
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(columns);
}

describe("pack station screens", () => {
  it("asks for a badge, logs in by scan, and says what to do next", async () => {
    const t = setup();
    t.transport.up();
    await flush(10);
    expect(t.frame()).toContain("Scan your badge to log in");
    expect(t.frame()).toContain("● CONNECTED");
    await t.scan("BADGE-A1");
    expect(t.frame()).toContain("Alex Packer");
    expect(t.frame()).toContain("Scan a tote or an order");
    fitsScreen(t.frame(), 80, 24);
  });

  it("packs an order with a wrong item, an over-pack, a weight outside tolerance and a supervisor override", async () => {
    const t = setup();
    t.transport.up();
    await flush();
    await t.scan("BADGE-A1");
    await t.scan("TOTE-7");
    let f = t.frame();
    expect(f).toContain("Order ORD-1001");
    expect(f).toMatch(/MUG-BLUE\s+Blue mug 350 ml\s+\.+\s+0\/2/);
    expect(f).toContain("Box BOX-S (suggested)");
    expect(f).toContain("▶ Scan item");

    await t.scan("BOOK-ATLAS");
    f = t.frame();
    expect(f).toContain("✖ WRONG ITEM");
    expect(f).toContain("Scanned: BOOK-ATLAS Road atlas 2027");
    expect(f).toContain("Belongs to order ORD-1002");
    expect(f).toMatch(/MUG-BLUE.*0\/2/);

    await t.scan("4006381333931");
    await t.scan("MUG-BLUE");
    expect(t.frame()).toMatch(/✓ MUG-BLUE\s+Blue mug 350 ml\s+#+\s+2\/2/);
    await t.scan("MUG-BLUE");
    expect(t.frame()).toContain("✖ OVER-PACK");
    expect(t.frame()).toContain("Take the extra unit out");
    fitsScreen(t.frame(), 80, 24);

    await t.scan("TEA-GREEN");
    // no reading from a scale yet: the screen says how to give the weight without one
    expect(t.frame().replace(/[│\s]+/g, " ")).toContain("▶ Place the carton on the scale — no scale reading: press G to type the weight from the scale's display");
    expect(t.frame()).toContain("Expected 960 g ± 50 g  (0.960 kg)");
    t.transport.push("scale", { station: "P1", grams: 1210, stable: false, at: "t" });
    await flush();
    expect(t.frame()).toContain("Scale    1210 g  1.210 kg  IN MOTION");
    t.transport.push("scale", { station: "P1", grams: 1210, stable: true, at: "t" });
    await flush(10);
    f = t.frame();
    expect(f).toContain("✖ WEIGHT OUTSIDE TOLERANCE");
    expect(f).toContain("Expected 960 g ± 50 g, measured 1210 g");
    expect(f).toContain("Check: a missing or extra item");
    expect(f).toContain("measured 1210 g OUTSIDE");
    fitsScreen(f, 80, 24);

    await t.scan("BADGE-SUP1");
    expect(t.frame()).toContain("Supervisor override by BADGE-SUP1: reason");
    fitsScreen(t.frame(), 80, 24);
    expect(t.frame()).toContain("Expected 960 g ± 50 g  (0.960 kg)  measured 1210 g OUTSIDE");
    await t.key("2");
    f = t.frame();
    expect(t.transport.sentOf("pack.override")[0]?.payload).toMatchObject({ supervisorBadge: "BADGE-SUP1", reason: "extra packing material" });
    expect(f).toContain("Label LC100000001 → file:/tmp/LC100000001.zpl");
    expect(f).toContain("▶ Label printed — apply and scan the label to confirm");
    await t.scan("LC100000001");
    expect(t.frame()).toContain("▶ Order packed. Scan the next tote or order");

    await t.key("s");
    f = t.frame();
    expect(f).toContain("Session summary — Alex Packer");
    expect(f).toMatch(/Orders packed\s+1/);
    expect(f).toMatch(/Items\s+3/);
    expect(f).toMatch(/Cartons\s+1/);
    expect(f).toMatch(/Mis-scans\s+2/);
  });

  it("shows a printer error with the job kept, and reprints on R", async () => {
    const t = setup({ printerFails: 1 });
    t.transport.up();
    await flush();
    for (const c of ["BADGE-A1", "TOTE-8", "BOOK-ATLAS"]) await t.scan(c);
    t.transport.push("scale", { station: "P1", grams: 1050, stable: true, at: "t" });
    await flush(10);
    expect(t.frame()).toContain("✖ PRINTER ERROR");
    expect(t.frame()).toContain("the label job is kept");
    expect(t.frame()).toContain("Label LC100000001 — not printed yet");
    await t.key("r");
    expect(t.transport.sentOf("pack.scan").at(-1)?.payload.code).toBe("CMD-REPRINT");
    expect(t.frame()).toMatch(/Label LC100000001 → file:\S*LC100000001\.zpl/);
  });

  it("never cuts a banner or the status line: every word shown, none split, on a narrow screen", async () => {
    const t = setup({ printerFails: 1, columns: 60, rows: 40 });
    t.transport.up();
    await flush();
    for (const c of ["BADGE-A1", "TOTE-8", "BOOK-ATLAS"]) await t.scan(c);
    t.transport.push("scale", { station: "P1", grams: 1050, stable: true, at: "t" });
    await flush(10);
    const frame = t.frame();
    fitsScreen(frame, 60, 40);
    // the text of the screen without borders and line breaks: whole sentences, whole words
    const text = frame.replace(/[║│┃|╔╗╚╝═┏┓┗┛━╭╮╰╯─┌┐└┘]/g, " ").replace(/\s+/g, " ");
    expect(text).toContain("the label job is kept. Fix the printer, then press R or scan CMD-REPRINT.");
    expect(text).toContain("Fix the printer, then scan CMD-REPRINT");
    expect(frame).not.toContain("…");
    expect(text).toContain("Label LC100000001 — not printed yet");
  });

  it("does not offer cancelling a carton (no X key, X does nothing)", async () => {
    const t = setup();
    t.transport.up();
    await flush();
    for (const c of ["BADGE-A1", "TOTE-8"]) await t.scan(c);
    expect(t.frame()).not.toContain("cancel carton");
    const sent = t.transport.sentOf("pack.scan").length;
    await t.key("x");
    await t.key("y");
    expect(t.frame()).not.toContain("Cancel this carton");
    expect(t.transport.sentOf("pack.scan").filter((c) => c.payload.code === "CMD-CANCEL")).toHaveLength(0);
    expect(t.transport.sentOf("pack.scan").length).toBe(sent);
  });

  it("takes a quantity typed on the keyboard for the next item scan", async () => {
    const t = setup();
    t.transport.up();
    await flush();
    await t.scan("BADGE-A1");
    await t.scan("TOTE-7");
    await t.key("q");
    expect(t.frame()).toContain("Quantity for the next item scan");
    await t.key("2");
    await t.key("\r");
    expect(t.frame()).toContain("▶ Quantity 2: scan the item");
    await t.scan("MUG-BLUE");
    expect(t.transport.sentOf("pack.scan").at(-1)?.payload).toMatchObject({ code: "MUG-BLUE", quantity: 2 });
    expect(t.frame()).toMatch(/MUG-BLUE.*2\/2/);
  });

  it("opens the exception menu on E and sends the chosen reason", async () => {
    const t = setup();
    t.transport.up();
    await flush();
    await t.scan("BADGE-A1");
    await t.scan("TOTE-7");
    await t.key("e");
    expect(t.frame()).toContain("Exception: what is wrong?");
    expect(t.frame()).toContain("1. damaged item");
    await t.key("1");
    expect(t.transport.sentOf("pack.scan").at(-1)?.payload.code).toBe("CMD-EXCEPTION:damaged item");
    expect(t.frame()).toContain("Exception recorded (damaged item)");
  });

  it("shows reconnecting and then offline with what is waiting to sync", async () => {
    const t = setup();
    t.transport.up();
    await flush();
    await t.scan("BADGE-A1");
    t.transport.down("transport close");
    await flush();
    expect(t.frame()).toContain("RECONNECTING: nothing waiting (transport close)");
    await t.scan("TOTE-7");
    t.timers.advance(3000);
    await flush();
    expect(t.frame()).toContain("○ OFFLINE (1 waiting)");
    expect(t.frame()).toContain("OFFLINE: 1 scan waiting to sync, kept until the gateway is back");
    expect(t.frame()).toContain("Last scan TOTE-7 · waiting for the gateway");
    t.transport.up();
    await flush(10);
    expect(t.frame()).toContain("● CONNECTED");
    expect(t.frame()).toContain("Order ORD-1001");
  });

  it("never prints control characters from the gateway or a scan", async () => {
    const t = setup();
    t.transport.up();
    await flush();
    await t.scan("BADGE-A1");
    t.transport.push("feed", { seq: t.sim.seq + 1, type: "pack", at: "t", data: { state: station({ lines: [{ sku: "EVIL", description: "x\x1b[2Jy\x07", expected: 1, packed: 0 }] }) } });
    await flush();
    const raw = t.ui.lastFrame() ?? "";
    expect(raw).not.toContain("\x1b[2J");
    expect(raw).not.toContain("\x07");
    expect(strip(raw)).toContain("x\uFFFD[2Jy\uFFFD");
  });

  it("uses a wide terminal: the scale goes beside the order lines", async () => {
    const t = setup({ columns: 140, rows: 40 });
    t.transport.up();
    await flush();
    await t.scan("BADGE-A1");
    await t.scan("TOTE-7");
    const lines = t.frame().split("\n");
    expect(lines.some((l) => l.includes("Order ORD-1001") && l.includes("Scale"))).toBe(true);
    fitsScreen(t.frame(), 140, 40);
  });

  it("falls back to monochrome glyphs when NO_COLOR is set", () => {
    expect(themeFor({ NO_COLOR: "1" })).toBe(MONO_THEME);
    expect(themeFor({})).toBe(COLOR_THEME);
  });

  it("a second packer's badge switches packer and closes the first one's session in the summary", async () => {
    const t = setup({ clock: true, rows: 30 });
    t.transport.up();
    await flush();
    for (const c of ["BADGE-A1", "TOTE-8", "BOOK-ATLAS"]) await t.scan(c);
    t.timers.advance(3 * 60_000);
    await t.scan("BADGE-B2");
    expect(t.transport.sentOf("session.login").map((c) => c.payload.badge)).toEqual(["BADGE-A1", "BADGE-B2"]);
    expect(t.frame()).toContain("Bea Packer");
    expect(t.frame().replace(/\s+/g, " ")).toContain("Logged in: Bea Packer (Alex Packer's session closed: 0 orders, 1 item, 3 min)");
    await t.key("s");
    expect(t.frame()).toContain("Session summary — Bea Packer");
    expect(t.frame().replace(/[║╔╗╚╝═]/g, " ").replace(/\s+/g, " ")).toContain("Closed: Alex Packer's session (0 orders, 1 item, 3 min)");
  });

  it("counts the session's minutes, also after the station restarts with the packer logged in", async () => {
    const t = setup({ clock: true });
    t.sim.user = { id: "BADGE-A1", name: "Alex Packer", role: "packer" };
    t.transport.up();
    await flush();
    expect(t.frame()).toContain("Alex Packer");
    t.timers.advance(3 * 60_000 + 5_000);
    await t.key("s");
    expect(t.frame()).toMatch(/Session\s+3 min/);
  });

  it("takes digits typed fast into the grams prompt as the weight, not as a barcode", async () => {
    const t = setup();
    t.transport.up();
    await flush();
    for (const c of ["BADGE-A1", "TOTE-8", "BOOK-ATLAS"]) await t.scan(c);
    await t.key("g");
    expect(t.frame()).toContain("Weight from the scale display (g)");
    const scans = t.transport.sentOf("pack.scan").length;
    await t.scan("1050"); // a burst, as fast as a scanner
    expect(t.transport.sentOf("pack.scan").length).toBe(scans);
    expect(t.transport.sentOf("pack.weight").at(-1)?.payload).toMatchObject({ grams: 1050 });
  });

  it("keeps every digit of a weight pasted or typed faster than a render, then Enter", async () => {
    const t = setup();
    t.transport.up();
    await flush();
    for (const c of ["BADGE-A1", "TOTE-8", "BOOK-ATLAS"]) await t.scan(c);
    await t.key("g");
    t.ui.stdin.write("4");
    t.ui.stdin.write("9");
    t.ui.stdin.write("6");
    await sleep(45);
    expect(t.frame()).toContain("496");
    await t.key("\r");
    expect(t.transport.sentOf("pack.weight").at(-1)?.payload).toMatchObject({ grams: 496 });
  });

  it("logs out on L and shows the session summary", async () => {
    const t = setup();
    t.transport.up();
    await flush();
    await t.scan("BADGE-A1");
    await t.key("l");
    expect(t.transport.sentOf("session.logout")).toHaveLength(1);
    expect(t.frame()).toContain("Session summary");
    expect(t.frame()).toContain("Logged out. Scan a badge to log in, Q to quit.");
  });
});
