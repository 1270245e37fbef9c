/**
 * `pickpack gateway [--port P] [--host H] [--devices auto|sim|none] [--station-map FILE]`: runs the
 * scanner gateway binary (cli never imports the gateway package), passing the database and options.
 */
import type { Command } from "commander";
import { runGatewayBinary } from "./devices.js";
import { ExitWith } from "../exit-codes.js";
import { databaseTarget } from "../store.js";
import type { Registrar } from "./index.js";

export const registerGateway: Registrar = (program, ctx) => {
  program
    .command("gateway")
    .description("run the scanner gateway service for handhelds and pack stations (options: --port, --host, --devices auto|sim|none, --station-map FILE; see docs/gateway.md)")
    .helpOption(false)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (_opts: unknown, cmd: Command) => {
      const args = cmd.args.includes("--db") ? cmd.args : ["--db", databaseTarget(ctx), ...cmd.args];
      const code = await runGatewayBinary(ctx, ["gateway", ...args]);
      if (code !== 0) throw new ExitWith(code); // the gateway printed its own reason
    });
};
