/**
 * `pickpack pack --station S [--gateway URL] [--token FILE] [--pair CODE] [--unit g|kg|lb|oz]`:
 * the pack station terminal UI. Ink, React and socket.io-client are loaded inside the action so
 * `pickpack --help` stays fast.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { InputError, PickpackError } from "@pickpack/core";
import type { PairResponse } from "@pickpack/core";
import type { Registrar } from "./index.js";
import { defaultStateDir, queueFilePath } from "../tui/queue-file.js";
import type { WeightUnit } from "../tui/format.js";

/** The local gateway (`pickpack gateway` listens on 7420 by default). */
export const DEFAULT_GATEWAY_URL = "http://127.0.0.1:7420";
const UNITS = ["g", "kg", "lb", "oz"];

interface PackOptions {
  station: string;
  gateway: string;
  token?: string;
  pair?: string;
  unit: string;
  stateDir?: string;
}

export const registerPack: Registrar = (program, ctx) => {
  program
    .command("pack")
    .description("pack station terminal UI: badge login, scan items, weigh, label (see docs/pack-station.md)")
    .requiredOption("--station <id>", "the pack station this terminal stands at")
    .option("--gateway <url>", "gateway URL", ctx.io.env.PICKPACK_GATEWAY ?? DEFAULT_GATEWAY_URL)
    .option("--token <file>", "device token file (default: <state dir>/station-<S>.token)")
    .option("--pair <code>", "pair this station first with a one-time code from `pickpack devices pair --role packer`; saves the token")
    .option("--unit <unit>", "weight display unit: g, kg, lb or oz", ctx.io.env.PICKPACK_WEIGHT_UNIT ?? "kg")
    .option("--state-dir <dir>", "where the offline scan queue and token live (default $XDG_STATE_HOME/pickpack)")
    .action(async (opts: PackOptions) => {
      if (!/^[A-Za-z0-9._-]{1,32}$/.test(opts.station)) throw new InputError("PACK_STATION_INVALID", `--station must be 1-32 of A-Z a-z 0-9 . _ -, got ${JSON.stringify(opts.station)}`);
      if (!UNITS.includes(opts.unit)) throw new InputError("PACK_UNIT_INVALID", `--unit must be one of ${UNITS.join(", ")}, got ${JSON.stringify(opts.unit)}`);
      let url: URL;
      try {
        url = new URL(opts.gateway);
      } catch {
        throw new InputError("PACK_GATEWAY_INVALID", `--gateway must be a URL like ${DEFAULT_GATEWAY_URL}, got ${JSON.stringify(opts.gateway)}`);
      }
      const stateDir = resolve(ctx.io.cwd, opts.stateDir ?? defaultStateDir(ctx.io.env));
      const tokenFile = resolve(ctx.io.cwd, opts.token ?? join(stateDir, `station-${opts.station}.token`));
      if (opts.pair) {
        const paired = await pair(url, opts.pair);
        mkdirSync(dirname(tokenFile), { recursive: true });
        writeFileSync(tokenFile, `${paired.token}\n`, { mode: 0o600 });
        ctx.print(`paired as ${paired.device.name} (${paired.device.role}, station ${paired.device.station ?? "-"}); token saved to ${tokenFile}`);
      }
      if (!existsSync(tokenFile)) {
        throw new InputError("PACK_TOKEN_MISSING", `no device token at ${tokenFile}: pair this station first (pickpack devices pair --role packer --station ${opts.station}, then pickpack pack --station ${opts.station} --pair CODE)`);
      }
      const token = readFileSync(tokenFile, "utf8").trim();
      const stdin = process.stdin;
      if (!stdin.isTTY) throw new PickpackError("PACK_NO_TTY", "pickpack pack needs an interactive terminal (stdin is not a TTY)");

      const [{ render }, { createElement }, { App }, { themeFor }, { PackClient }, { FileQueueStore }, { SocketTransport }] = await Promise.all([
        import("ink"),
        import("react"),
        import("../tui/app.js"),
        import("../tui/theme.js"),
        import("@pickpack/client"),
        import("../tui/queue-file.js"),
        import("@pickpack/client/socket"),
      ]);
      const client = new PackClient({
        transport: new SocketTransport({ url: url.toString(), token }),
        queue: new FileQueueStore(queueFilePath(stateDir, opts.station)),
        station: opts.station,
      });
      const stdout = process.stdout;
      let instance: { unmount(): void } | null = null;
      const view = () =>
        createElement(App, {
          client,
          theme: themeFor(ctx.io.env),
          unit: opts.unit as WeightUnit,
          columns: stdout.columns || 80,
          rows: stdout.rows || 24,
          onQuit: () => instance?.unmount(),
        });
      const ink = render(view(), { exitOnCtrlC: true, patchConsole: false, maxFps: 120 });
      instance = ink;
      const onResize = () => ink.rerender(view());
      stdout.on("resize", onResize);
      client.start();
      try {
        await ink.waitUntilExit();
      } finally {
        stdout.off("resize", onResize);
        client.stop();
      }
      const left = client.getState().pending.length;
      if (left > 0) ctx.print(`${left} scan(s) not yet acked are kept in ${queueFilePath(stateDir, opts.station)} and sent at the next start.`);
    });
};

async function pair(gateway: URL, code: string): Promise<PairResponse> {
  const res = await fetch(new URL("/v1/pair", gateway), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code: code.trim().toUpperCase() }) });
  const body = (await res.json().catch(() => null)) as (PairResponse & { error?: { code: string; message: string } }) | { code?: string; message?: string } | null;
  if (!res.ok || body === null || !("token" in body)) {
    const e = body && "error" in body && body.error ? body.error : (body as { code?: string; message?: string } | null);
    throw new PickpackError("PACK_PAIR_FAILED", `pairing failed: ${e?.code ?? res.status} ${e?.message ?? res.statusText}`);
  }
  return body;
}
