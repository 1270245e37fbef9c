/**
 * Handheld and pack-station pairing (gateway devices), added under `pickpack devices`:
 * - `devices pair --role picker|packer|supervisor [--name N] [--station S]`: a one-time code (10 minutes)
 * - `devices paired`: the paired devices (`devices list` lists USB HID devices)
 * - `devices revoke ID [--reason R]`: refused at next connection; the running gateway disconnects it within seconds
 */
import { Option, type Command } from "commander";
import { DEVICE_ROLES, type DeviceRole } from "@pickpack/core";
import type { CommandContext } from "../context.js";
import { sanitizeForTerminal, table } from "../output/table.js";
import { withStore } from "../store.js";

export function registerPairing(devices: Command, ctx: CommandContext): void {
  devices
    .command("pair")
    .description("create a one-time pairing code for a handheld or pack station (valid 10 minutes, single use)")
    .addOption(new Option("--role <role>", "what the device may do").choices([...DEVICE_ROLES]).makeOptionMandatory())
    .option("--name <name>", "a name to recognise the device by")
    .option("--station <station>", "the pack station this device stands at (packers)")
    .option("--json", "print JSON")
    .action(async (opts: { role: DeviceRole; name?: string; station?: string; json?: boolean }) => {
      const { GatewayRepo } = await import("@pickpack/data");
      const code = await withStore(ctx, (store) =>
        new GatewayRepo(store).createPairingCode({ role: opts.role, now: ctx.io.clock.now(), ...(opts.name ? { name: opts.name } : {}), ...(opts.station ? { station: opts.station } : {}) }),
      );
      if (opts.json) return ctx.printJson(code);
      ctx.print(`pairing code: ${code.code}`);
      ctx.print(`role ${code.role}, name ${sanitizeForTerminal(code.name)}${code.station ? `, station ${sanitizeForTerminal(code.station)}` : ""}; valid until ${code.expiresAt}, single use`);
      ctx.print(`on the device: POST http://GATEWAY:7420/v1/pair {"code":"${code.code}"} → token (see docs/gateway.md)`);
    });

  devices
    .command("paired")
    .description("list paired handhelds and pack stations (revoked ones too)")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const { GatewayRepo } = await import("@pickpack/data");
      const list = await withStore(ctx, (store) => new GatewayRepo(store).listDevices());
      if (opts.json) return ctx.printJson(list);
      if (list.length === 0) return ctx.print("no paired devices (create a code with `pickpack devices pair --role picker`)");
      ctx.print(
        table(
          ["ID", "NAME", "ROLE", "STATION", "PAIRED", "USER", "REVOKED"],
          list.map((d) => [d.id, sanitizeForTerminal(d.name), d.role, d.station ?? "", d.pairedAt, d.userId ?? "", d.revokedAt ?? ""]),
        ),
      );
    });

  devices
    .command("revoke")
    .description("revoke a paired device: refused at its next connection, disconnected by the running gateway")
    .argument("<id>", "device id (see `devices paired`)")
    .option("--reason <reason>", "why (shown in the audit)")
    .action(async (id: string, opts: { reason?: string }) => {
      const { GatewayRepo } = await import("@pickpack/data");
      const r = await withStore(ctx, (store) => new GatewayRepo(store).revokeDevice(id, { now: ctx.io.clock.now(), ...(opts.reason ? { reason: opts.reason } : {}) }));
      ctx.print(`revoked ${r.deviceId} at ${r.revokedAt}`);
    });
}
