// `npm run bench`: every benchmark of the project, one after the other, each printing its figures
// beside a baseline measured in the same run. Run one with `npm run bench -- NAME` (e.g. routing).
export interface BenchContext {
  /** Print one line of results. */
  log(line: string): void;
}
export type Bench = (ctx: BenchContext) => Promise<void>;

const benches: Record<string, () => Promise<{ default: Bench }>> = {
  labels: () => import("./labels.js"),
  gateway: () => import("./gateway.js"),
  "pack-tui": () => import("./pack-tui.js"),
  // @benches (one line per bench module; keep this marker)
  metrics: () => import("./metrics.js"),
  "integration-intake": () => import("./integration-intake.js"),
  "integration-relay": () => import("./integration-relay.js"),
  broker: () => import("./broker.js"),
  handheld: () => import("./handheld.js"),
  startup: () => import("./startup.js"),
  foundation: () => import("./foundation.js"),
  routing: () => import("./routing.js"),
  allocation: () => import("./allocation.js"),
  batching: () => import("./batching.js"),
  soak: () => import("./soak.js"),
  integration: () => import("./integration.js"),
  reports: () => import("./reports.js"),
};
/** Long runs that only run when named (`npm run bench -- soak`). */
const ON_REQUEST = new Set(["soak", "integration"]); // integration repeats integration-intake, -relay and broker

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in benches));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(", ")}; known: ${Object.keys(benches).join(", ")}`);
  process.exit(2);
}
for (const [name, load] of Object.entries(benches)) {
  if (wanted.length > 0 ? !wanted.includes(name) : ON_REQUEST.has(name)) continue;
  console.log(`\n== ${name} ==`);
  const { default: bench } = await load();
  await bench({ log: (line) => console.log(line) });
}
