/** CUPS printing through the `lp` command (cups-client). ZPL and raw jobs go with `-o raw`. */
import { execFile, spawn } from "node:child_process";
import { PrintError, type PrintJob, type PrintOptions, type PrintResult } from "./printer.js";

function run(cmd: string, args: readonly string[], input: Uint8Array | undefined, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; spawnError?: NodeJS.ErrnoException; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, LC_ALL: "C" } });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
    }, timeoutMs);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr, spawnError: e, timedOut });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
    child.stdin.on("error", () => undefined); // lp may exit before reading everything
    child.stdin.end(input ?? new Uint8Array());
  });
}

/** Is the queue known and enabled? Uses `lpstat -p QUEUE`. */
export function cupsQueueState(queue: string, timeoutMs = 5_000): Promise<"idle" | "printing" | "disabled" | "missing" | "unavailable"> {
  return new Promise((resolve) => {
    execFile("lpstat", ["-p", queue], { timeout: timeoutMs, env: { ...process.env, LC_ALL: "C" } }, (err, stdout, stderr) => {
      const out = `${stdout}${stderr}`;
      if (/disabled/.test(stdout)) resolve("disabled");
      else if (/is idle/.test(stdout)) resolve("idle");
      else if (/now printing/.test(stdout)) resolve("printing");
      else if (/Invalid destination|does not exist|Unknown destination/i.test(out)) resolve("missing");
      else resolve(err ? "unavailable" : "idle");
    });
  });
}

export async function printViaCups(queue: string, job: PrintJob, opts: PrintOptions = {}): Promise<PrintResult> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const lp = opts.lpCommand ?? "lp";
  const state = await cupsQueueState(queue, timeoutMs);
  if (state === "disabled") throw new PrintError("PRINTER_OFFLINE", `CUPS queue ${queue} is stopped (disabled); enable it with: cupsenable ${queue}`);
  const args = ["-d", queue, "-t", (job.title ?? "pickpack").replace(/[^\x20-\x7e]/g, "?").slice(0, 60)];
  if (job.format !== "pdf") args.push("-o", "raw");
  const r = await run(lp, args, job.data, timeoutMs);
  if (r.spawnError) {
    throw new PrintError("CUPS_UNAVAILABLE", r.spawnError.code === "ENOENT" ? `${lp} not found: install cups-client, or print with --printer tcp://HOST:9100` : `cannot run ${lp}: ${r.spawnError.message}`);
  }
  if (r.timedOut) throw new PrintError("PRINTER_TIMEOUT", `${lp} -d ${queue} did not finish within ${timeoutMs} ms`);
  const err = r.stderr.trim();
  if (r.code !== 0) {
    if (/does not exist|Unknown destination|Invalid destination/i.test(err)) throw new PrintError("PRINTER_NOT_FOUND", `no CUPS printer named ${queue} (see: lpstat -p)`);
    if (/not accepting/i.test(err)) throw new PrintError("PRINTER_OFFLINE", `CUPS queue ${queue} is not accepting jobs (cupsaccept ${queue})`);
    if (/connect|scheduler|server/i.test(err)) throw new PrintError("CUPS_UNAVAILABLE", `the CUPS scheduler is not reachable: ${err}`);
    throw new PrintError("PRINT_FAILED", `lp failed (exit ${r.code}): ${err || "no message"}`);
  }
  const id = /request id is (\S+)/.exec(r.stdout)?.[1];
  return { target: `cups:${queue}`, ...(id ? { jobId: id } : {}), bytes: job.data.byteLength };
}
