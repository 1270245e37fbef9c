import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import { registerLabel } from "./label.js";
import { registerPrint } from "./print.js";
import { registerShipping } from "./shipping.js";
import { registerInit } from "./init.js";
import { registerImport } from "./import.js";
import { registerOrders } from "./orders.js";
import { registerStock } from "./stock.js";
import { registerReservations } from "./reservations.js";
import { registerAudit } from "./audit.js";
import { registerTasks } from "./tasks.js";
import { registerDemo } from "./demo.js";
import { registerRoute } from "./route.js";
import { registerAllocate } from "./allocate.js";
import { registerWaves } from "./waves.js";
import { registerPickLists } from "./picklists.js";
import { registerDevices } from "./devices.js";
import { registerScan } from "./scan.js";
import { registerPack } from "./pack.js";
import { registerGateway } from "./gateway.js";
import { registerBackorders } from "./backorders.js";

/** A command module registers its commands on the program. Keep modules thin: parse, call a service, print. */
export type Registrar = (program: Command, ctx: CommandContext) => void;

/**
 * Every command module, in the order they appear in `pickpack --help`.
 * Each entry is one file under cli/src/commands/.
 */
export const registrars: readonly Registrar[] = [
  registerInit,
  registerImport,
  registerOrders,
  registerStock,
  registerReservations,
  registerAudit,
  registerTasks,
  registerDemo,
  registerDevices,
  registerScan,
  registerLabel,
  registerPrint,
  registerGateway,
  registerShipping,
  registerPack,
  // @registrars (one line per command module; keep this marker)
  registerAllocate,
  registerWaves,
  registerPickLists,
  registerRoute,
  registerBackorders,
];
