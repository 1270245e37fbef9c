#!/usr/bin/env node
// The pickpack binary. Composition of real adapters happens here and in the modules it loads lazily.
import { run } from "./program.js";

const systemClock = { now: () => Date.now() };
process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  clock: systemClock,
  cwd: process.cwd(),
});
