/**
 * `pickpack devices`: USB scanners and scales.
 * - `devices` / `devices list` and `devices watch` run the scanner-gateway binary (cli never
 *   imports the gateway package; it spawns it with the same Node and passes the exit code through).
 * - `devices decode` decodes recorded reports with the pure core decoders.
 * Later: `devices pair|list|revoke` for handhelds join this module.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Option } from "commander";
import type { Command } from "commander";
import { InputError, decodeHidPosReports, decodeKeyboardReports, decodeScaleReport, parseHex, showScan, splitAim, PickpackError } from "@pickpack/core";
import type { LayoutName, ScanTerminator } from "@pickpack/core";
import type { CommandContext } from "../context.js";
import { ExitWith } from "../exit-codes.js";
import type { Registrar } from "./index.js";
import { registerPairing } from "./pairing.js";

/** Where the gateway binary is (scanner-gateway/dist/main.js), without importing the package. */
export function gatewayBinary(): string {
  let url: string;
  try {
    url = import.meta.resolve("@pickpack/scanner-gateway/main");
  } catch {
    url = new URL("../../../scanner-gateway/dist/main.js", import.meta.url).href;
  }
  let path = fileURLToPath(url);
  if (path.endsWith(".ts")) path = path.replace(/\/src\/main\.ts$/, "/dist/main.js"); // tests resolve the source condition
  return path;
}

/** Run the gateway binary with `args`; resolves to its exit code. */
export async function runGatewayBinary(ctx: CommandContext, args: readonly string[]): Promise<number> {
  const bin = gatewayBinary();
  if (!existsSync(bin)) throw new PickpackError("GATEWAY_NOT_BUILT", `the scanner gateway is not built (${bin} is missing): run \`npm run build\``);
  const inherit = ctx.io.stdout === (process.stdout as unknown);
  const child = spawn(process.execPath, [bin, ...args], { stdio: inherit ? "inherit" : ["inherit", "pipe", "pipe"] });
  child.stdout?.on("data", (d: Buffer) => ctx.io.stdout.write(d.toString("utf8")));
  child.stderr?.on("data", (d: Buffer) => ctx.io.stderr.write(d.toString("utf8")));
  const ignore = () => undefined; // Ctrl+C reaches the child too; let it stop cleanly and report
  process.on("SIGINT", ignore);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code, signal) => resolve(code ?? (signal ? 130 : 70)));
    });
  } finally {
    process.off("SIGINT", ignore);
  }
}

type Kind = "keyboard" | "hidpos" | "scale";

function hexReports(hexes: readonly string[]): Uint8Array[] {
  const issues: { field: string; message: string }[] = [];
  const out: Uint8Array[] = [];
  hexes.forEach((h, i) => {
    const r = parseHex(h);
    if (r.ok) out.push(r.value);
    else issues.push({ field: `report ${i + 1}`, message: r.error.message });
  });
  if (issues.length > 0) throw new InputError("DEVICES_HEX_INVALID", `${issues.length} report${issues.length > 1 ? "s are" : " is"} not hex`, issues);
  return out;
}

export function decodeCommand(ctx: CommandContext, kind: Kind, hexes: readonly string[], opts: { json?: boolean; layout: LayoutName; terminator: ScanTerminator; gsKey?: string }): number {
  const reports = hexReports(hexes);
  let failed = 0;
  if (kind === "scale") {
    const results = reports.map((r) => decodeScaleReport(r));
    if (opts.json) ctx.printJson(results.map((r, i) => (r.ok ? { report: hexes[i], ...r.value } : { report: hexes[i], error: { code: r.error.code, message: r.error.message } })));
    results.forEach((r, i) => {
      if (!r.ok) {
        failed++;
        if (!opts.json) ctx.print(`${hexes[i]}  REJECTED [${r.error.code}] ${r.error.message}`);
        return;
      }
      if (opts.json) return;
      const v = r.value;
      const grams = Number(v.grams.toFixed(3));
      const own = v.unit === "g" ? "" : `  (${v.value} ${v.unit})`;
      ctx.print(`${hexes[i]}  ${v.status}  ${grams} g${own}`);
    });
  } else if (kind === "keyboard") {
    const gsKey = opts.gsKey !== undefined ? parseInt(opts.gsKey, 16) : undefined;
    const { scans, errors } = decodeKeyboardReports(reports, { layout: opts.layout, terminators: [opts.terminator], ...(gsKey !== undefined && Number.isFinite(gsKey) ? { gsKeys: [{ usage: gsKey }] } : {}) });
    failed = errors.length;
    if (opts.json) ctx.printJson({ scans: scans.map((s) => ({ ...splitAimJson(s.text), endedBy: s.endedBy })), errors: errors.map((e) => ({ code: e.code, message: e.message })) });
    else {
      for (const s of scans) ctx.print(`scan  ${showScan(s.text)}  (ended by ${s.endedBy})`);
      for (const e of errors) ctx.print(`REJECTED [${e.code}] ${e.message}`);
    }
  } else {
    const { scans, errors } = decodeHidPosReports(reports);
    failed = errors.length;
    if (opts.json) ctx.printJson({ scans, errors: errors.map((e) => ({ code: e.code, message: e.message })) });
    else {
      for (const s of scans) ctx.print(`scan  ${s.aim ?? "(no AIM id)"}  ${showScan(s.text)}  (${s.reports} report${s.reports > 1 ? "s" : ""}, vendor symbology 0x${s.vendorSymbology.toString(16).padStart(2, "0")})`);
      for (const e of errors) ctx.print(`REJECTED [${e.code}] ${e.message}`);
    }
  }
  return failed > 0 ? 2 : 0;
}

function splitAimJson(text: string): { text: string; aim: string | undefined } {
  const { aim, data } = splitAim(text);
  return { text: data, aim: aim?.aim };
}

/** Pass the gateway's exit code through: it already printed everything the user needs. */
function passExitCode(_ctx: CommandContext, code: number): void {
  if (code !== 0) throw new ExitWith(code);
}

const forward = (cmd: Command) => cmd.helpOption(false).allowUnknownOption(true).allowExcessArguments(true);

export const registerDevices: Registrar = (program, ctx) => {
  const devices = program.command("devices").description("USB barcode scanners and scales: list, watch live, decode recorded reports");
  registerPairing(devices, ctx);

  forward(devices.command("list", { isDefault: true }))
    .description("list HID devices: class, vendor/product, path, permissions hint (options: --json, --no-probe, --stations FILE)")
    .action(async (_opts: unknown, cmd: Command) => passExitCode(ctx, await runGatewayBinary(ctx, ["devices", "list", ...cmd.args])));

  forward(devices.command("watch"))
    .description("live decoded scans and weights: watch [DEVICE] [--sim] [--tty] [--layout us|de|fr] [--json] … (see --help)")
    .action(async (_opts: unknown, cmd: Command) => passExitCode(ctx, await runGatewayBinary(ctx, ["devices", "watch", ...cmd.args])));

  devices
    .command("decode")
    .description("decode recorded HID reports, one hex string per report (e.g. --kind scale 030402006e03)")
    .addOption(new Option("--kind <kind>", "report kind").choices(["keyboard", "hidpos", "scale"]).makeOptionMandatory())
    .argument("<hex...>", "reports as hex")
    .addOption(new Option("--layout <layout>", "keyboard layout the scanner is set to").choices(["us", "de", "fr"]).default("us"))
    .addOption(new Option("--terminator <key>", "key that ends a keyboard scan").choices(["enter", "tab"]).default("enter"))
    .option("--gs-key <usage>", "an extra HID usage (hex) that means GS, e.g. 51 for Down arrow")
    .option("--json", "print JSON")
    .action((hex: string[], opts: { kind: Kind; json?: boolean; layout: LayoutName; terminator: ScanTerminator; gsKey?: string }) => {
      const code = decodeCommand(ctx, opts.kind, hex, opts);
      if (code !== 0) throw new InputError("DEVICES_DECODE_REJECTED", "some reports were rejected (reasons above)");
    });
};
