import type { Registrar } from "./index.js";
import { databaseTarget, withStore } from "../store.js";

export const registerInit: Registrar = (program, ctx) => {
  program
    .command("init")
    .description("create or migrate the database; --demo loads the demo dataset")
    .option("--demo", "load the demo dataset (3 warehouses, ~200 SKUs, ~500 orders in mixed states)")
    .option("--json", "print the result as JSON")
    .action(async (opts: { demo?: boolean; json?: boolean }) => {
      await withStore(ctx, async (store) => {
        let demo: { orders: number } | undefined;
        if (opts.demo) {
          const { loadDemo } = await import("@pickpack/data/demo");
          demo = await loadDemo(store, { now: ctx.io.clock.now() });
        }
        const counts = await store.counts();
        if (opts.json) return ctx.printJson({ database: databaseTarget(ctx), dialect: store.dialect, demo: demo ?? null, counts });
        ctx.print(`database ready: ${databaseTarget(ctx)} (${store.dialect})`);
        if (demo) ctx.print(`demo dataset loaded: ${demo.orders} orders`);
      });
    });
};
