/**
 * The handheld's browser-test harness: a demo database built with the CLI as a user would, the real
 * gateway binary on a free port (serving the built page), a TCP proxy in front of it that the test can
 * cut (the Wi-Fi dropping: open sockets die, new ones are refused), and Debian's Chromium driven by
 * playwright-core with a new empty profile. No browser is ever downloaded.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, connect, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CHROMIUM = process.env.PICKPACK_CHROMIUM ?? "/usr/bin/chromium";
export const ARTEFACTS = join(ROOT, "handheld", "test-results");
const run = promisify(execFile);

/** `pickpack --db DB …` from the built CLI; resolves with stdout. */
export async function cli(db: string, ...args: string[]): Promise<string> {
  const r = await run(process.execPath, [join(ROOT, "cli/dist/main.js"), "--db", db, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
  return r.stdout;
}

export async function pairingCode(db: string, role: "picker" | "packer", extra: string[] = []): Promise<string> {
  const out = await cli(db, "devices", "pair", "--role", role, ...extra);
  const m = /pairing code: (\S+)/.exec(out);
  if (!m) throw new Error(`no pairing code in: ${out}`);
  return m[1]!;
}

/** A demo database with `waves` released waves of `orders` orders each in WH1; their pick list ids. */
export async function demoDatabase(dir: string, waves: number, orders: number): Promise<{ db: string; lists: number[] }> {
  const db = join(dir, "demo.db");
  await cli(db, "init", "--demo");
  const lists: number[] = [];
  for (let i = 0; i < waves; i++) {
    const plan = JSON.parse(await cli(db, "waves", "plan", "--warehouse", "WH1", "--max-orders", String(orders), "--json")) as { waves: { id: number; pickLists: { id: number }[] }[] };
    const wave = plan.waves[0]!;
    await cli(db, "waves", "release", String(wave.id));
    lists.push(...wave.pickLists.map((l) => l.id));
  }
  return { db, lists };
}

export interface Stop {
  readonly stop: number;
  readonly location: string;
  readonly sku: string;
  readonly quantity: number;
  readonly status: string;
  readonly picked: number;
}
export interface PickListJson {
  readonly id: number;
  readonly status: string;
  readonly picker: string | null;
  readonly packStation: string | null;
  readonly stopsInOrder: readonly Stop[];
}

export async function pickList(db: string, id: number): Promise<PickListJson> {
  return JSON.parse(await cli(db, "picklists", "show", String(id), "--json")) as PickListJson;
}

export interface RunningGateway {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** The real gateway binary over `db`; resolves once it logs that it is ready. */
export async function startGateway(db: string): Promise<RunningGateway> {
  if (!existsSync(join(ROOT, "handheld/dist/index.html"))) throw new Error("handheld/dist is not built: run npm run build");
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, "scanner-gateway/dist/main.js"), "gateway", "--db", db, "--port", "0", "--devices", "none", "--sweep-seconds", "3600"], {
    cwd: ROOT,
    env: { ...process.env, PICKPACK_GATEWAY_SECRET: "handheld-test-secret-handheld-test-secret" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${log}`)), 30_000);
    child.stdout!.on("data", (d: Buffer) => {
      log += d.toString();
      const m = /"port":(\d+)/.exec(log);
      if (m && log.includes("gateway ready")) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
    child.once("exit", (code) => reject(new Error(`gateway exited ${code}:\n${log}`)));
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** A TCP proxy to `port` that can be cut (every open connection destroyed, new ones refused) and restored. */
export class CuttableProxy {
  readonly #server: Server;
  readonly #open = new Set<Socket>();
  #cut = false;
  port = 0;
  constructor(private readonly target: number) {
    this.#server = createServer((client) => {
      if (this.#cut) return void client.destroy();
      const upstream = connect(this.target, "127.0.0.1");
      this.#open.add(client);
      this.#open.add(upstream);
      client.pipe(upstream).pipe(client);
      const done = () => {
        client.destroy();
        upstream.destroy();
        this.#open.delete(client);
        this.#open.delete(upstream);
      };
      client.on("error", done).on("close", done);
      upstream.on("error", done).on("close", done);
    });
  }
  async listen(): Promise<string> {
    await new Promise<void>((r) => this.#server.listen(0, "127.0.0.1", () => r()));
    this.port = (this.#server.address() as { port: number }).port;
    return `http://127.0.0.1:${this.port}`;
  }
  cut(): void {
    this.#cut = true;
    for (const s of this.#open) s.destroy();
    this.#open.clear();
  }
  restore(): void {
    this.#cut = false;
  }
  close(): Promise<void> {
    this.cut();
    return new Promise((r) => this.#server.close(() => r()));
  }
}

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Chromium with a new empty profile, a phone-sized window (360×640). */
export async function launchPhone(): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "pickpack-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 1,
    hasTouch: true,
    isMobile: false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function artefactDir(name: string): string {
  const d = join(ARTEFACTS, name);
  mkdirSync(d, { recursive: true });
  return d;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "pickpack-handheld-"));
}
