// Pack station TUI: start time of `pickpack pack` in a real terminal (tmux) against a stand-in gateway,
// beside `pickpack --help` as a baseline; and scan-to-screen latency (scan typed into the terminal →
// visible in tmux capture-pane), both through a real socket and terminal (goals: < 1 s, ≤ 50 ms).
import { execFileSync, spawn } from "node:child_process";
import type { BenchContext } from "./run.js";
import { fmt, mean, percentile } from "./stats.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startTime(ctx: BenchContext): Promise<void> {
  const gw = spawn("npx", ["tsx", "cli/test/fixtures/fake-gateway.ts", "--port", "0", "--labels", "/tmp/pp-bench-labels"], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve) => gw.stdout.on("data", (d: Buffer) => { const m = /listening (\d+)/.exec(d.toString()); if (m) resolve(Number(m[1])); }));
  execFileSync("sh", ["-c", "echo t > /tmp/pp-bench-token"]);
  const runs: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    execFileSync("node", ["cli/dist/main.js", "--help"], { stdio: "ignore" });
    help.push(performance.now() - t0);
    const name = `ppbench${i}`;
    const t1 = performance.now();
    execFileSync("tmux", ["new-session", "-d", "-s", name, "-x", "80", "-y", "24", `XDG_STATE_HOME=/tmp/pp-bench-state node cli/dist/main.js pack --station P1 --gateway http://127.0.0.1:${port} --token /tmp/pp-bench-token`]);
    for (;;) {
      const screen = execFileSync("tmux", ["capture-pane", "-p", "-t", name]).toString();
      if (screen.includes("Scan your badge") && screen.includes("CONNECTED")) break;
      if (performance.now() - t1 > 10_000) throw new Error("TUI did not start");
      await sleep(5);
    }
    runs.push(performance.now() - t1);
    execFileSync("tmux", ["kill-session", "-t", name]);
  }
  // Scan → screen: keys sent into the terminal → gateway ack → frame visible in capture-pane. This
  // bounds ack-to-screen from above (it includes the tmux input path and the gateway round trip).
  const name = "ppbenchscan";
  execFileSync("tmux", ["new-session", "-d", "-s", name, "-x", "80", "-y", "24", `XDG_STATE_HOME=/tmp/pp-bench-state node cli/dist/main.js pack --station P1 --gateway http://127.0.0.1:${port} --token /tmp/pp-bench-token`]);
  const screen = () => execFileSync("tmux", ["capture-pane", "-p", "-t", name]).toString();
  const until = async (text: string) => {
    const t0 = performance.now();
    for (;;) {
      if (screen().includes(text)) return performance.now() - t0;
      if (performance.now() - t0 > 5000) throw new Error(`timed out waiting for ${text}`);
    }
  };
  await until("Scan your badge");
  execFileSync("tmux", ["send-keys", "-t", name, "BADGE-A1", "Enter"]);
  await until("Alex Packer");
  const lat: number[] = [];
  for (let i = 0; i < 20; i++) {
    execFileSync("tmux", ["send-keys", "-t", name, "TOTE-7", "Enter"]);
    lat.push(await until("Order ORD-1001 opened"));
    execFileSync("tmux", ["send-keys", "-t", name, "CMD-EXCEPTION", "Enter"]);
    await until("Exception: what is wrong");
    execFileSync("tmux", ["send-keys", "-t", name, "1"]);
    await until("Exception recorded");
  }
  execFileSync("tmux", ["kill-session", "-t", name]);
  lat.sort((a, b) => a - b);
  ctx.log(`scan typed into the terminal → result on screen (20 scans, incl. gateway round trip): p50 ${fmt(percentile(lat, 0.5), 1)} ms, max ${fmt(lat[lat.length - 1] ?? 0, 1)} ms (goal for ack → screen ≤ 50 ms)`);
  gw.kill("SIGTERM");
  runs.sort((a, b) => a - b);
  ctx.log(`start to connected login screen (tmux 80x24, 5 runs): median ${fmt(percentile(runs, 0.5), 0)} ms, max ${fmt(runs[runs.length - 1] ?? 0, 0)} ms (goal < 1000 ms)`);
  ctx.log(`baseline pickpack --help: mean ${fmt(mean(help), 0)} ms; ratio ${fmt(percentile(runs, 0.5) / mean(help), 1)}x`);
}

export default async function (ctx: BenchContext): Promise<void> {
  await startTime(ctx);
}
