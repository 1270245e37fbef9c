import type { Command } from "commander";
import type { CommandContext } from "../context.js";
import { registerRoute } from "./route.js";

/** A command module registers its commands on the program. Keep modules thin: parse, call a service, print. */
export type Registrar = (program: Command, ctx: CommandContext) => void;

/**
 * Every command module, in the order they appear in `pickpack --help`.
 * Each entry is one file under cli/src/commands/.
 */
export const registrars: readonly Registrar[] = [
  // @registrars (one line per command module; keep this marker)
  registerRoute,
];
