// `kill <pid of pickpack gateway>` stops the real gateway: the wrapper passes SIGTERM, SIGINT and
// SIGHUP on to the gateway process, ends with its exit code, and the port is free afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./harness.js";

const ROOT = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "pickpack-gw-signals-"));
const db = join(dir, "gw.db");
const started: ChildProcess[] = [];

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

const answers = (port: number) =>
  new Promise<boolean>((res) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), res(true)));
    socket.once("error", () => res(false));
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  expect((await runCli(["--db", db, "init"], { cwd: dir })).code).toBe(0);
});
afterAll(() => {
  // On failure the gateway may outlive its wrapper: end the whole process group the test started.
  for (const child of started) if (child.pid) try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ }
  rmSync(dir, { recursive: true, force: true });
});

describe("pickpack gateway under a signal", () => {
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    it(`${signal} to the wrapper stops the gateway and frees its port`, async () => {
      const port = await freePort();
      const wrapper = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "cli/src/main.ts", "--db", db, "gateway", "--port", String(port), "--devices", "none"], {
        cwd: ROOT,
        env: { ...process.env, TSX_TSCONFIG_PATH: "tsconfig.base.json" },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true, // its own process group, so afterAll can end whatever it left behind
      });
      started.push(wrapper);
      let log = "";
      wrapper.stdout!.on("data", (b: Buffer) => (log += b.toString()));
      wrapper.stderr!.on("data", (b: Buffer) => (log += b.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => wrapper.once("exit", (code, sig) => res({ code, signal: sig })));
      for (const end = Date.now() + 30_000; !/gateway ready on/.test(log); ) {
        if (Date.now() > end || wrapper.exitCode !== null) throw new Error(`gateway did not start:\n${log}`);
        await sleep(50);
      }
      expect(await answers(port)).toBe(true);

      wrapper.kill(signal);
      const { code } = await exited;
      expect(code, log).toBe(0); // the gateway stopped gracefully and the wrapper passed its code on
      expect(log).toContain("gateway stopped");
      let open = true;
      for (const end = Date.now() + 5_000; open && Date.now() < end; await sleep(100)) open = await answers(port);
      expect(open, `port ${port} still answers after ${signal} to the wrapper`).toBe(false);
    }, 60_000);
  }
});
