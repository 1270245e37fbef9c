// `pickpack barcodes commands --pdf FILE`: the printable sheet of command barcodes (picker's handheld, pack station).
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ACTION_BARCODE, InputError, type StationAction } from "@pickpack/core";
import { Option } from "commander";
import type { Registrar } from "./index.js";

/** What each pack station command does (docs/pack-station.md). */
const STATION_LABELS: Readonly<Record<StationAction, string>> = {
  "close-carton": "Close the carton (full before the order is): weigh next",
  "next-carton": "Label applied: go on with the next carton",
  reprint: "Print the label again",
  short: "Short: items missing for this order (exception desk)",
  exception: "Exception: send the order to the exception desk",
  "cancel-carton": "Cancel the carton (refused: unpacking is not offered)",
  weigh: "Weigh now with the station scale",
  logout: "Log out",
  summary: "Show the session summary",
};

export const registerBarcodes: Registrar = (program, ctx) => {
  const bc = program.command("barcodes").description("printable barcode sheets: command barcodes for handhelds and pack stations");
  bc.command("commands")
    .description("the command barcodes sheet (PDF): scan instead of touching the screen")
    .requiredOption("--pdf <file>", "write the sheet to this PDF file")
    .addOption(new Option("--for <who>", "whose commands").choices(["picker", "packer", "all"]).default("all"))
    .addOption(new Option("--paper <size>", "paper size").choices(["A4", "Letter"]).default("A4"))
    .action(async (opts: { pdf: string; for: "picker" | "packer" | "all"; paper: "A4" | "Letter" }) => {
      if (!opts.pdf.trim()) throw new InputError("ARGUMENT_INVALID", "--pdf needs a file name", [{ field: "--pdf", message: "required" }]);
      const { PICKER_ACTION_LABELS, PICKER_COMMAND_BARCODES } = await import("@pickpack/client");
      const { renderCommandSheetPdf } = await import("@pickpack/labels");
      const sections = [];
      if (opts.for !== "packer") {
        sections.push({ title: "Picker (handheld)", commands: Object.entries(PICKER_COMMAND_BARCODES).map(([code, action]) => ({ code, label: PICKER_ACTION_LABELS[action] })) });
      }
      if (opts.for !== "picker") {
        sections.push({ title: "Pack station", commands: (Object.entries(ACTION_BARCODE) as [StationAction, string][]).map(([action, code]) => ({ code, label: STATION_LABELS[action] })) });
      }
      const bytes = await renderCommandSheetPdf({ sections, paper: opts.paper });
      await writeFile(resolve(ctx.io.cwd, opts.pdf), bytes);
      const n = sections.reduce((a, s) => a + s.commands.length, 0);
      ctx.print(`${n} command barcodes written to ${opts.pdf}`);
    });
};
