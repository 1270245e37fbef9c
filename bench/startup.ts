// CLI start-up: wall time of `pickpack --version`, `pickpack --help` and `orders list --limit 1` on
// the demo database, each as a ratio against `node -e 0` measured in the same run (runs interleaved,
// medians). Targets: ≤ 1.5× for --version and --help, ≤ 250 ms for `orders list --limit 1`. Runs the
// command npm links (cli/bin/pickpack.js, which runs the bundle cli/dist/bundle/main.js): build first
// (`npm run build`). The last row runs the unbundled cli/dist/main.js for comparison.
// PICKPACK_BENCH_RUNS overrides the number of runs per command.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchContext } from "./run.js";
import { fmt, percentile } from "./stats.js";

const RUNS = Number(process.env.PICKPACK_BENCH_RUNS ?? 15);
/** What `npx pickpack` runs (the bundle that `npm run build` writes, when it is current). */
const BIN = fileURLToPath(new URL("../cli/bin/pickpack.js", import.meta.url));
const DIST = fileURLToPath(new URL("../cli/dist/main.js", import.meta.url));
const BUNDLE = fileURLToPath(new URL("../cli/dist/bundle/main.js", import.meta.url));

function timeOnce(args: readonly string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr.toString("utf8")}`);
  return ms;
}

export default async function startup(ctx: BenchContext): Promise<void> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first`);
  // The launcher runs the bundle only when no package was rebuilt after it (a bare `tsc -b`): measure that one.
  const bundledAt = statSync(BUNDLE).mtimeMs;
  const stale = ["core", "client", "data", "labels", "scanner-gateway", "cli"].filter((p) => (statSync(fileURLToPath(new URL(`../${p}/dist/.tsbuildinfo`, import.meta.url)), { throwIfNoEntry: false })?.mtimeMs ?? 0) > bundledAt);
  if (stale.length > 0) throw new Error(`the CLI bundle is older than the ${stale.join(", ")} build: run \`npm run build\` first (else pickpack runs unbundled)`);
  const dir = mkdtempSync(join(tmpdir(), "pickpack-bench-startup-"));
  try {
    const db = join(dir, "demo.db");
    const built = spawnSync(process.execPath, [BIN, "demo", "--db-path", db, "--no-shift"], { cwd: dir, stdio: "ignore" });
    if (built.status !== 0) throw new Error(`building the demo database failed (exit ${built.status})`);
    const cases: { name: string; args: string[] }[] = [
      { name: "node -e 0", args: ["-e", "0"] },
      { name: "pickpack --version", args: [BIN, "--version"] },
      { name: "pickpack --help", args: [BIN, "--help"] },
      { name: "orders list --limit 1", args: [BIN, "--db", db, "orders", "list", "--limit", "1"] },
      { name: "  same, unbundled", args: [DIST, "--db", db, "orders", "list", "--limit", "1"] },
    ];
    for (const c of cases) timeOnce(c.args, dir); // warm the file cache
    const times = cases.map(() => [] as number[]);
    for (let i = 0; i < RUNS; i++) cases.forEach((c, k) => times[k]!.push(timeOnce(c.args, dir)));
    const medians = times.map((t) => percentile([...t].sort((a, b) => a - b), 50));
    const base = medians[0]!;
    ctx.log(`${RUNS} runs each, interleaved; median wall time and ratio against node -e 0`);
    ctx.log(`${"command".padEnd(24)} ${"ms".padStart(8)} ${"ratio".padStart(7)}  target`);
    const targets = ["baseline", "≤ 1.5×", "≤ 1.5×", "≤ 250 ms", "(before bundling)"];
    cases.forEach((c, k) => {
      const ms = medians[k]!;
      ctx.log(`${c.name.padEnd(24)} ${fmt(ms, 1).padStart(8)} ${`${fmt(ms / base, 2)}×`.padStart(7)}  ${targets[k]}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
