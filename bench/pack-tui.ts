// Pack station TUI against the REAL gateway (`pickpack gateway --devices none` on a free port over a
// fresh demo database with a picked wave): start time of `pickpack pack` in a real terminal (tmux,
// 80x24) to the connected login screen, beside `pickpack --help` as a baseline; and scan → screen
// latency: a barcode typed into the terminal as a wedge burst → the gateway's ack drawn (visible in
// tmux capture-pane). That includes the tmux input path and the gateway's recorded transaction, so
// it bounds ack → screen from above (goals: start < 1 s, ack → screen ≤ 50 ms).
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pickDemoWave } from "../cli/test/fixtures/pack-demo.js";
import type { BenchContext } from "./run.js";
import { fmt, mean, percentile } from "./stats.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cli = (args: string[]) => execFileSync("node", ["cli/dist/main.js", ...args], { encoding: "utf8" });

export default async function (ctx: BenchContext): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pp-bench-pack-"));
  const db = join(dir, "demo.db");
  cli(["demo", "--db-path", db, "--no-shift"]);
  const demo = await pickDemoWave(db, { orders: 3 });
  const order = demo.orders[0]!.order;
  const gw = spawn("node", ["cli/dist/main.js", "--db", db, "gateway", "--port", "0", "--devices", "none", "--printer", `file:${dir}/{station}-{shipment}.zpl`], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve) =>
    gw.stdout.on("data", (d: Buffer) => {
      const m = /ready on http:\/\/[^:]+:(\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const tui = (name: string, extra: string) =>
    execFileSync("tmux", ["new-session", "-d", "-s", name, "-x", "80", "-y", "24", `env -u CI NO_COLOR=1 node cli/dist/main.js pack --station P1 --gateway ${url} --state-dir ${dir}/state ${extra}`]);
  const screen = (name: string) => execFileSync("tmux", ["capture-pane", "-p", "-t", name]).toString();
  const until = async (name: string, text: string) => {
    const t0 = performance.now();
    for (;;) {
      if (screen(name).includes(text)) return performance.now() - t0;
      if (performance.now() - t0 > 10_000) throw new Error(`timed out waiting for ${text}:\n${screen(name)}`);
    }
  };
  try {
    // pair once (the token is saved in the state dir)
    const code = /pairing code: (\S+)/.exec(cli(["--db", db, "devices", "pair", "--role", "packer", "--station", "P1"]))![1]!;
    tui("ppbenchpair", `--pair ${code}`);
    await until("ppbenchpair", "Scan your badge");
    execFileSync("tmux", ["kill-session", "-t", "ppbenchpair"]);

    const runs: number[] = [];
    const help: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      execFileSync("node", ["cli/dist/main.js", "--help"], { stdio: "ignore" });
      help.push(performance.now() - t0);
      const name = `ppbench${i}`;
      const t1 = performance.now();
      tui(name, "");
      for (;;) {
        const s = screen(name);
        if (s.includes("Scan your badge") && s.includes("CONNECTED")) break;
        if (performance.now() - t1 > 10_000) throw new Error(`TUI did not start:\n${s}`);
        await sleep(5);
      }
      runs.push(performance.now() - t1);
      execFileSync("tmux", ["kill-session", "-t", name]);
    }
    runs.sort((a, b) => a - b);
    ctx.log(`start to connected login screen (real gateway, tmux 80x24, 5 runs): median ${fmt(percentile(runs, 50), 0)} ms, max ${fmt(runs[runs.length - 1] ?? 0, 0)} ms (goal < 1000 ms: ${percentile(runs, 50) < 1000 ? "met" : "MISSED"})`);
    ctx.log(`baseline pickpack --help: mean ${fmt(mean(help), 0)} ms; ratio ${fmt(percentile(runs, 50) / mean(help), 1)}x`);

    // scan → screen: log in, open the order, then refused scans (each a new code, nothing changes in
    // the database but the recorded scan) until "Last scan <code> · REFUSED" is drawn
    const name = "ppbenchscan";
    tui(name, "");
    await until(name, "Scan your badge");
    const wedge = (text: string) => {
      execFileSync("tmux", ["send-keys", "-t", name, "-l", text]);
      execFileSync("tmux", ["send-keys", "-t", name, "Enter"]);
    };
    wedge("BADGE-0007");
    await until(name, "Theo Wolf");
    wedge(order);
    await until(name, `Order ${order}`);
    const lat: number[] = [];
    for (let i = 0; i < 30; i++) {
      const code = `NOPE-${1000 + i}`;
      const t0 = performance.now();
      wedge(code);
      await until(name, `Last scan ${code} · REFUSED`);
      lat.push(performance.now() - t0);
    }
    execFileSync("tmux", ["kill-session", "-t", name]);
    lat.sort((a, b) => a - b);
    ctx.log(
      `scan typed into the terminal → gateway ack on screen (30 scans, real gateway, incl. its recorded transaction): p50 ${fmt(percentile(lat, 50), 1)} ms, p95 ${fmt(percentile(lat, 95), 1)} ms, max ${fmt(lat[lat.length - 1] ?? 0, 1)} ms (bounds ack → screen; goal ≤ 50 ms: ${percentile(lat, 95) <= 50 ? "met" : "MISSED"} at p95)`,
    );
  } finally {
    gw.kill("SIGTERM");
    await new Promise((r) => gw.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}
