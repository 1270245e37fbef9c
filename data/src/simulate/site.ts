/** The demo site without its orders (warehouses, layouts, locations, SKUs, stock, boxes, users): what a simulation starts from by default. */
import type { FulfillmentStore } from "@pickpack/core";
import { importFile } from "../imports/index.js";
import { DEMO_IMPORT_ORDER } from "../demo/generate.js";
import { DEMO_DIR } from "../demo/load.js";

export async function loadDemoSite(store: FulfillmentStore, options: { readonly now: number; readonly dir?: string }): Promise<void> {
  for (const [kind, file] of DEMO_IMPORT_ORDER) {
    if (kind !== "orders") await importFile(store, kind, (options.dir ?? DEMO_DIR) + file, { now: options.now, actor: "sim:setup" });
  }
}
