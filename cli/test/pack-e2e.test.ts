/**
 * End to end: a real gateway child process (`pickpack gateway --devices sim` on a free port, labels to
 * a file printer) and the real pack station TUI (`pickpack pack`) in a tmux pane (80x24, NO_COLOR).
 * The gateway's simulated scanner and scale play their script through the connected TUI (the client
 * is in charge of its station: it gets `device.scan` and `scale` and sends them as its own commands):
 * a packer badge, the order, a wrong item, every unit, one unit too many, then a weight outside
 * tolerance (refused) and the right weight (carton closed). The label printer (a file path whose
 * directory is missing) fails first: the packer sees the printer error, the directory is created and
 * R reprints. The test then scans the label's tracking number through the terminal (a
 * keyboard-wedge burst) and opens the summary.
 * Skipped with a message when tmux is not installed (CI installs it).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "@pickpack/core";
import { runCli } from "./harness.js";
import { pickDemoWave } from "./fixtures/pack-demo.js";

const ROOT = resolve(import.meta.dirname, "../..");
const HAS_TMUX = spawnSync("tmux", ["-V"]).status === 0;
if (!HAS_TMUX) console.warn("pack-e2e: tmux is not installed — skipping the end-to-end pack station test (apt-get install tmux)");

/** The CLI from source (the same entry `npm start` builds), as a shell command line. */
const CLI = `cd ${JSON.stringify(ROOT)} && TSX_TSCONFIG_PATH=tsconfig.base.json exec node --conditions=source --import tsx cli/src/main.ts`;

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (typeof a === "object" && a ? res(a.port) : rej(new Error("no port"))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const session = `pp-e2e-${process.pid}`;
let gateway: ChildProcess | undefined;
let dir: string | undefined;

afterAll(async () => {
  spawnSync("tmux", ["kill-session", "-t", session]);
  if (gateway && gateway.exitCode === null) {
    gateway.kill("SIGTERM");
    await new Promise((r) => gateway!.once("exit", r));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let captured = 0;
const screen = () => spawnSync("tmux", ["capture-pane", "-p", "-t", session], { encoding: "utf8" }).stdout;

/** Poll the pane until `want` matches (every 40 ms); fails with the last screen. */
async function waitFor(want: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let s = "";
  while (Date.now() < end) {
    s = screen();
    if (typeof want === "string" ? s.includes(want) : want.test(s)) {
      // PACK_E2E_CAPTURES=DIR keeps every awaited screen (the captures in docs/pack-station.md)
      if (process.env.PACK_E2E_CAPTURES) writeFileSync(join(process.env.PACK_E2E_CAPTURES, `${String(++captured).padStart(2, "0")}.txt`), s);
      return s;
    }
    await sleep(40);
  }
  throw new Error(`screen never showed ${String(want)} within ${timeoutMs} ms; last screen:\n${s}`);
}

/** Type a barcode the way a keyboard-wedge scanner does: one fast burst, then Enter. */
function scan(code: string): void {
  spawnSync("tmux", ["send-keys", "-t", session, "-l", code]);
  spawnSync("tmux", ["send-keys", "-t", session, "Enter"]);
}

describe.skipIf(!HAS_TMUX)("pack station end to end (real gateway, simulated scanner and scale, TUI in tmux)", () => {
  it("packs a picked demo order from the badge to a printed, confirmed label: wrong item, over-pack, weight outside tolerance", async () => {
    dir = mkdtempSync(join(tmpdir(), "pp-e2e-"));
    const db = join(dir, "demo.db");
    const clock = new ManualClock(new Date().toISOString());
    expect((await runCli(["demo", "--db-path", db, "--no-shift"], { clock })).code).toBe(0);
    const demo = await pickDemoWave(db, { orders: 3, station: "P1" });
    expect(demo.orders.length).toBeGreaterThan(0);
    const paired = await runCli(["--db", db, "devices", "pair", "--role", "packer", "--station", "P1", "--name", "Pack 1"], { clock });
    const code = /pairing code: (\S+)/.exec(paired.stdout)?.[1];
    expect(code).toBeTruthy();

    const port = await freePort();
    const labels = join(dir, "labels");
    // a file where the label folder should be: the printer fails (a missing folder would be created)
    writeFileSync(labels, "not a folder");
    let log = "";
    gateway = spawn("sh", ["-c", `${CLI} --db ${JSON.stringify(db)} gateway --port ${port} --devices sim --printer ${JSON.stringify(`file:${labels}/{station}-{shipment}.zpl`)}`], { stdio: ["ignore", "pipe", "pipe"] });
    gateway.stdout!.on("data", (b: Buffer) => (log += b.toString()));
    gateway.stderr!.on("data", (b: Buffer) => (log += b.toString()));
    for (const end = Date.now() + 20_000; !/will pack order|no order waits/.test(log); ) {
      if (Date.now() > end || gateway.exitCode !== null) throw new Error(`gateway did not start:\n${log}`);
      await sleep(25);
    }
    const order = /will pack order (SO-\d+)/.exec(log)?.[1];
    expect(order, log).toBeTruthy();

    const tui = `export NO_COLOR=1; unset CI; ${CLI} pack --station P1 --gateway http://127.0.0.1:${port} --pair ${code} --state-dir ${JSON.stringify(join(dir, "state"))}; sleep 30`;
    expect(spawnSync("tmux", ["new-session", "-d", "-s", session, "-x", "80", "-y", "24", tui]).status).toBe(0);

    // the simulated scanner: badge, order, wrong item, units, one too many
    await waitFor(`Order ${order}`);
    await waitFor("▶ Scan item");
    let s = await waitFor("✖ WRONG ITEM");
    expect(s).toMatch(/Scanned: SKU-\d+ /);
    expect(s).toContain("Nothing was packed");
    s = await waitFor("✖ OVER-PACK");
    expect(s).toMatch(/Ordered \d+, already packed \d+/);
    await waitFor(/Expected \d+ g ± \d+ g/); // expected weight with its tolerance, before weighing
    // the simulated scale: too heavy (refused), then right
    await waitFor("✖ WEIGHT OUTSIDE TOLERANCE", 30_000);
    s = await waitFor(/measured \d+ g OUTSIDE/); // the banner and the weight line may land in separate frames
    expect(s).toContain("✖ WEIGHT OUTSIDE TOLERANCE");
    expect(s).toMatch(/Expected \d+ g ± \d+ g, measured \d+ g \(\d+ g too heavy\)/);
    // the label folder is blocked by a file: the printer fails after the carton closed; the job is
    // kept, the packer fixes the printer and presses R (reprint)
    s = await waitFor("✖ PRINTER ERROR", 20_000);
    expect(s).toMatch(/Label LC\d+ SSCC \d{18} — not printed yet/);
    rmSync(labels);
    mkdirSync(labels);
    spawnSync("tmux", ["send-keys", "-t", session, "r"]);
    await waitFor(/Label (LC\d+) SSCC (\d{18}) →/);
    s = await waitFor("▶ Label printed — apply and scan the label to confirm");
    const [, tracking, sscc] = /Label (LC\d+) SSCC (\d{18}) →/.exec(s)!;

    // the label file on the file printer carries the SSCC shown on screen
    const files = readdirSync(labels);
    expect(files).toEqual([`P1-${order}-1.zpl`]);
    const zpl = readFileSync(join(labels, files[0]!), "utf8");
    expect(zpl).toMatch(/^\^XA/);
    expect(zpl).toContain(`(00)${sscc}`);
    expect(zpl).toContain(tracking);

    // confirm by scanning the label's barcode (typed as a wedge burst), then the summary
    scan(tracking!);
    s = await waitFor(`Last scan ${tracking} · accepted`); // the ack (the feed item may show first)
    expect(s).toContain("▶ Order packed. Scan the next tote or order");
    expect(s).toMatch(new RegExp(`✓ order ${order} packed \\(1 carton\\(s\\)\\)`));
    spawnSync("tmux", ["send-keys", "-t", session, "s"]);
    s = await waitFor("Session summary");
    expect(s).toMatch(/Orders packed\s+1/);
    expect(s).toMatch(/Cartons\s+1/);
    expect(s).toMatch(/Mis-scans\s+2/);
    const shown = await runCli(["--db", db, "orders", "show", order!], { clock });
    expect(shown.stdout).toMatch(/Packed/);
  }, 90_000);
});
