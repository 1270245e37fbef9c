// One client process of the history test (data/test/history.test.ts): opens the shared PostgreSQL
// store and runs a seeded random mix of operations — order imports that reserve stock, payments,
// cancellations, reservation sweeps on its own (skewed) clock, stock arrivals — writing one JSON line
// per operation when it is invoked and one when it returns (ok, refused with a code, or failed with
// the outcome unknown, e.g. its connection was killed). It never stops on an error.
import { openStore } from "@pickpack/data";
import { order, ordersBatch } from "./fixtures.js";

const [target, schema, name, seedArg, opsArg, skewArg] = process.argv.slice(2);
const store = await openStore({ target: target!, schema: schema! });
let s = Number(seedArg) >>> 0 || 1;
const random = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const T0 = Date.parse("2026-11-22T09:00:00.000Z");
const skew = Number(skewArg);
const mine: string[] = [];
const log = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ by: name, ...o })}\n`);

for (let i = 1; i <= Number(opsArg); i++) {
  // each op moves this client's clock 20 s; its skew shifts it against the other's
  const now = T0 + i * 20_000 + skew;
  const by = { now, actor: name! };
  const r = random();
  let op: Record<string, unknown>;
  let run: () => Promise<unknown>;
  if (r < 0.4 || mine.length === 0) {
    const number = `${name}-${i}`;
    const sku = pick(["A", "B", "C"]);
    const quantity = 1 + Math.floor(random() * 2);
    op = { op: "import", order: number, sku, quantity };
    run = async () => {
      const out = await store.importData(ordersBatch(order(number, [[sku, quantity]])), by);
      mine.push(number);
      return { reserved: out.reserved ?? 0 };
    };
  } else if (r < 0.7) {
    const number = pick(mine);
    op = { op: "pay", order: number };
    run = () => store.applyOrderEvent(number, { type: "PaymentSucceeded" }, by).then((t) => ({ to: t.to }));
  } else if (r < 0.8) {
    const number = pick(mine);
    op = { op: "cancel", order: number };
    run = () => store.applyOrderEvent(number, { type: "Cancel", reason: "customer asked" }, by).then((t) => ({ to: t.to }));
  } else if (r < 0.9) {
    op = { op: "sweep" };
    run = () => store.sweepExpiredReservations(by).then((o) => ({ expired: o.expired }));
  } else {
    const sku = pick(["A", "B", "C"]);
    const onHand = 20 + i; // counts only grow, so a later count never hides an earlier one
    op = { op: "stock", sku, onHand };
    run = () => store.importData({ stock: [{ value: { warehouse: "WH2", location: "B-01-01-A", sku, onHand }, file: "stock.csv", line: 1 }] }, by).then(() => ({}));
  }
  log({ i, phase: "invoke", at: now, ...op });
  try {
    log({ i, phase: "ok", result: await run() });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const ours = typeof code === "string" && /^[A-Z][A-Z0-9_]+$/.test(code) && !/^E[A-Z]+$/.test(code) && (e as { name?: string }).name !== "DatabaseError";
    log(ours ? { i, phase: "refused", code } : { i, phase: "unknown", error: String((e as Error).message).slice(0, 200) });
  }
}
await store.close();
log({ phase: "end" });
