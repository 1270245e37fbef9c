// Child processes for the benches: start a TypeScript entry under tsx and wait for its ready line, and
// read a process's resident memory and open file descriptors from /proc.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));

export function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : NaN;
}

export function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Start `node --import tsx ARGS` in the project folder; resolves when stdout matches `ready` (group 1 = port). */
export function startChild(args: string[], env: Record<string, string>, ready: RegExp, onOutput?: (chunk: Buffer) => void): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let buf = "";
    let resolved = false;
    child.stdout!.on("data", (d: Buffer) => {
      onOutput?.(d);
      if (resolved) return;
      buf += d.toString();
      const m = ready.exec(buf);
      if (m) {
        resolved = true;
        buf = "";
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.once("exit", (code) => {
      if (!resolved) reject(new Error(`child exited early (${code})`));
    });
  });
}
