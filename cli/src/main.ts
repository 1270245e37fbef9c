#!/usr/bin/env node
// The pickpack binary. Composition of real adapters happens here and in the modules it loads lazily.
import { run } from "./program.js";

const systemClock = { now: () => Date.now() };
// A reader that stops early (`pickpack orders list | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  clock: systemClock,
  cwd: process.cwd(),
});
