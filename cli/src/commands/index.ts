import type { Command } from "commander";
import type { CommandContext } from "../context.js";

/** A command module registers its commands on the program. Keep modules thin: parse, call a service, print. */
export type Registrar = (program: Command, ctx: CommandContext) => void;

/** One top-level command as `pickpack --help` lists it, before its module is loaded. */
export interface CommandEntry {
  /** As `--help` lists it: the name, then `[options]` and the arguments, e.g. `import [options] <kind> <file>`. */
  readonly term: string;
  readonly description: string;
}

/** The command's name: the first word of its term. */
export const nameOf = (entry: CommandEntry): string => entry.term.split(" ")[0]!;

/**
 * One file under cli/src/commands/: the top-level commands it registers (name and the description
 * its registrar sets) and how to load it. A module is imported only when one of its commands runs,
 * so `pickpack --version`, `--help` and each command load no more than they need.
 */
export interface CommandModule {
  readonly commands: readonly CommandEntry[];
  load(): Promise<Registrar>;
}

const one = (term: string, description: string): CommandEntry[] => [{ term, description }];

/**
 * Every command module, in the order they appear in `pickpack --help`. A new module adds one entry
 * here; cli/test/startup.test.ts checks that `--help` from this list equals `--help` with every module loaded.
 */
export const commandModules: readonly CommandModule[] = [
  { commands: one("init [options]", "create or migrate the database; --demo loads the demo dataset"), load: async () => (await import("./init.js")).registerInit },
  { commands: one("import [options] <kind> <file>", "import a JSON/CSV file, all or nothing: every bad row is reported and nothing is written"), load: async () => (await import("./import.js")).registerImport },
  { commands: one("orders", "list, inspect and move orders through their lifecycle"), load: async () => (await import("./orders.js")).registerOrders },
  { commands: one("stock", "stock positions and availability"), load: async () => (await import("./stock.js")).registerStock },
  { commands: one("reservations", "stock held for orders"), load: async () => (await import("./reservations.js")).registerReservations },
  { commands: one("audit [options] <order>", "an order's audit trail: every transition with from, to, reason, details, actor and time"), load: async () => (await import("./audit.js")).registerAudit },
  { commands: one("tasks", "put-backs and cycle counts that follow from cancellations and short picks"), load: async () => (await import("./tasks.js")).registerTasks },
  { commands: one("demo [options]", "build a fresh demo database (.pickpack/demo.db) from the demo dataset and show what is in it"), load: async () => (await import("./demo.js")).registerDemo },
  { commands: one("devices", "USB barcode scanners and scales: list, watch live, decode recorded reports"), load: async () => (await import("./devices.js")).registerDevices },
  { commands: one("scan", "interpret barcode scans"), load: async () => (await import("./scan.js")).registerScan },
  { commands: one("label [options] [SHIPMENT_ID]", "render shipping labels (4x6 in, one per carton) as PDF or ZPL, and optionally print them"), load: async () => (await import("./label.js")).registerLabel },
  { commands: one("print [options] <FILE>", "send a label or document to a printer (CUPS queue, raw TCP port, or file)"), load: async () => (await import("./print.js")).registerPrint },
  {
    commands: one("gateway", "run the scanner gateway service for handhelds and pack stations (options: --port, --host, --devices auto|sim|none, --station-map FILE; see docs/gateway.md)"),
    load: async () => (await import("./gateway.js")).registerGateway,
  },
  {
    commands: [
      { term: "slip [options] <ORDER_ID>", description: "packing slip (delivery note) of an order as PDF: its cartons and their items" },
      { term: "manifest [options]", description: "close out one warehouse's day with the carrier: manifest PDF for its driver; Packed orders on it ship" },
      { term: "manifests [options]", description: "list stored manifests (close-outs) per warehouse and day" },
      { term: "ship [options] <ORDER_ID>", description: "hand a Packed order to the carrier (Packed → Shipped with its first carton's tracking number, or --tracking)" },
      { term: "shipments [options]", description: "list shipments (one per carton) with SSCC, tracking number and manifest" },
    ],
    load: async () => (await import("./shipping.js")).registerShipping,
  },
  { commands: one("pack [options]", "pack station terminal UI: badge login, scan items, weigh, label (see docs/pack-station.md)"), load: async () => (await import("./pack.js")).registerPack },
  // @commands (one entry per command module; keep this marker)
  { commands: one("api-keys", "API keys of order systems for the gateway's HTTP API (/v1/orders, /v1/stock): create, list, revoke"), load: async () => (await import("./api-keys.js")).registerApiKeys },
  {
    commands: one("simulate [options]", "play whole shifts (orders, waves, picking, packing, carrier) with simulated time into a simulation database; compare picking policies"),
    load: async () => (await import("./simulate.js")).registerSimulate,
  },
  { commands: one("webhooks", "webhook endpoints that receive order, shipment and stock events (signed, retried, in order per order)"), load: async () => (await import("./webhooks.js")).registerWebhooks },
  { commands: one("outbox", "events waiting to be delivered: list, retry failed deliveries, replay since a time"), load: async () => (await import("./outbox.js")).registerOutbox },
  {
    commands: one("relay [options]", "deliver outbox events to webhooks (and the broker) until SIGTERM, for sites with no gateway (see docs/webhooks.md)"),
    load: async () => (await import("./relay.js")).registerRelay,
  },
  {
    commands: one("consume [options]", "consume the order system's messages from the message broker (orders, payments, cancel requests) into the database until stopped (--broker, --exchange, --queue; see docs/broker.md)"),
    load: async () => (await import("./consume.js")).registerConsume,
  },
  { commands: one("carrier", "carrier tracking in: poll the carrier for tracking events, or apply a file of them"), load: async () => (await import("./carrier.js")).registerCarrier },
  { commands: one("barcodes", "printable barcode sheets: command barcodes for handhelds and pack stations"), load: async () => (await import("./barcodes.js")).registerBarcodes },
  {
    commands: one("allocate [options] [orders...]", "split Confirmed and PaymentPending orders across warehouses and move their stock holds atomically"),
    load: async () => (await import("./allocate.js")).registerAllocate,
  },
  { commands: one("waves", "plan waves of Confirmed orders with their pick lists, release them for picking"), load: async () => (await import("./waves.js")).registerWaves },
  { commands: one("picklists", "pick lists: one per trip, stops in walking order; report short picks"), load: async () => (await import("./picklists.js")).registerPickLists },
  { commands: one("route [options]", "plan the shortest pick tour from the depot through pick points and back"), load: async () => (await import("./route.js")).registerRoute },
  {
    commands: one("backorders", "back-ordered units (a short pick no location or warehouse could cover): list, allocate when stock arrived, cancel"),
    load: async () => (await import("./backorders.js")).registerBackorders,
  },
  { commands: one("report", "supervisor reports: status, throughput, accuracy, fulfilment, kpi, stock, returns (see docs/reports.md)"), load: async () => (await import("./report.js")).registerReport },
  { commands: one("alerts [options]", "evaluate the alert rules (cancellations, low stock, cut-off risk, outbox backlog, silent devices, reservation bursts); exit 1 when one fires"), load: async () => (await import("./alerts.js")).registerAlerts },
  { commands: one("dashboard [options]", "live supervisor screen: orders/hour, status distribution, pick rate per picker, alerts (q quits)"), load: async () => (await import("./dashboard.js")).registerDashboard },
];

/** The module that registers top-level command `name`, if the manifest knows it. */
export function moduleOf(name: string): CommandModule | undefined {
  return commandModules.find((m) => m.commands.some((c) => nameOf(c) === name));
}

/** Every registrar, in manifest order (loads every command module: for tests and unknown names). */
export async function loadAllRegistrars(): Promise<Registrar[]> {
  return Promise.all(commandModules.map((m) => m.load()));
}
