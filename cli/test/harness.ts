import { ManualClock } from "@pickpack/core";
import type { CliIO } from "../src/context.js";
import { run } from "../src/program.js";

/** Run the CLI in-process with captured output. */
export async function runCli(
  args: readonly string[],
  opts: { env?: Record<string, string | undefined>; clock?: ManualClock; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: opts.env ?? {},
    clock: opts.clock ?? new ManualClock("2026-11-22T08:00:00Z"),
    cwd: opts.cwd ?? process.cwd(),
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}
