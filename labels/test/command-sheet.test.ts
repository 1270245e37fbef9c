/** The command barcodes sheet: every command's barcode on the page decodes to exactly its code. */
import { describe, expect, it } from "vitest";
import { ACTION_BARCODE } from "@pickpack/core";
import { PICKER_ACTION_LABELS, PICKER_COMMAND_BARCODES } from "@pickpack/client";
import { renderCommandSheetPdf } from "../src/index.js";
import { decodeAll, hasPdftoppm, rasterise } from "./decode.js";

describe.skipIf(!hasPdftoppm() && !process.env.CI)("command barcodes sheet", () => {
  it("decodes every picker command barcode from the printed page", async () => {
    const commands = Object.entries(PICKER_COMMAND_BARCODES).map(([code, action]) => ({ code, label: PICKER_ACTION_LABELS[action] }));
    const pdf = await renderCommandSheetPdf({ sections: [{ title: "Picker (handheld)", commands }] });
    const read = (await decodeAll(rasterise(pdf, 203, 1))).map((r) => r.text).sort();
    expect(read).toEqual(commands.map((c) => c.code).sort());
  });

  it("puts picker and pack station sections on the sheet; a code that is not Code 128 printable is refused", async () => {
    const pdf = await renderCommandSheetPdf({
      sections: [
        { title: "Picker", commands: [{ code: "CMD-SKIP", label: "skip" }] },
        { title: "Pack station", commands: Object.values(ACTION_BARCODE).map((code) => ({ code, label: code })) },
      ],
    });
    expect(Buffer.from(pdf.slice(0, 5)).toString()).toBe("%PDF-");
    await expect(renderCommandSheetPdf({ sections: [{ title: "x", commands: [{ code: "CMD-\u00e9", label: "bad" }] }] })).rejects.toThrow(/Code 128/);
  });
});
