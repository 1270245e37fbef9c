/** `pickpack print FILE --printer NAME|tcp://HOST:9100|file:PATH [--format pdf|zpl|raw]` */
import { readFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import type { Command } from "commander";
import { InputError } from "@pickpack/core";
import type { CommandContext } from "../context.js";

type Format = "pdf" | "zpl" | "raw";

/** PDF by magic bytes, ZPL by extension or a leading ^XA, anything else raw. */
export function detectFormat(path: string, bytes: Uint8Array): Format {
  const head = new TextDecoder().decode(bytes.subarray(0, 64));
  if (head.startsWith("%PDF-")) return "pdf";
  if (extname(path).toLowerCase() === ".zpl" || /^\s*[\^~]XA/.test(head)) return "zpl";
  return "raw";
}

export function registerPrint(program: Command, ctx: CommandContext): void {
  program
    .command("print")
    .description("send a label or document to a printer (CUPS queue, raw TCP port, or file)")
    .argument("<FILE>", "the PDF, ZPL or raw printer file")
    .requiredOption("--printer <NAME|tcp://HOST:9100|file:PATH>", "a CUPS queue name, a printer's raw port, or a file")
    .option("--format <pdf|zpl|raw>", "override the detected format (zpl and raw go to CUPS with -o raw)")
    .option("--timeout <ms>", "give up after this many milliseconds", "10000")
    .action(async (file: string, opts: { printer: string; format?: string; timeout: string }) => {
      if (opts.format !== undefined && !["pdf", "zpl", "raw"].includes(opts.format)) {
        throw new InputError("USAGE", `--format must be pdf, zpl or raw, got ${JSON.stringify(opts.format)}`, [{ field: "--format", message: "pdf, zpl or raw" }]);
      }
      const timeoutMs = Number(opts.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new InputError("USAGE", "--timeout must be a positive whole number of milliseconds", [{ field: "--timeout", message: opts.timeout }]);
      const path = resolve(ctx.io.cwd, file);
      const data = await readFile(path).catch((e: NodeJS.ErrnoException) => {
        throw new InputError("FILE_UNREADABLE", `cannot read ${file}: ${e.code ?? e.message}`, [{ file, message: e.code ?? e.message }]);
      });
      const { printJob, parsePrinterTarget } = await import("@pickpack/labels");
      const target = parsePrinterTarget(opts.printer);
      const bytes = new Uint8Array(data);
      const format = (opts.format as Format | undefined) ?? detectFormat(path, bytes);
      const r = await printJob(target, { data: bytes, format, title: file, sourcePath: path }, { timeoutMs });
      ctx.print(`printed ${file} (${format}, ${r.bytes} bytes) to ${r.target}${r.jobId ? `, job ${r.jobId}` : ""}`);
    });
}
