import { readFile } from "node:fs/promises";
import { InputError, type FulfillmentStore, type ImportSummary, type InputIssue, type OnExisting } from "@pickpack/core";
import { importProblems, parseImportRecords, type ImportKind } from "./parse.js";
import type { ImportFormat } from "./records.js";

export { IMPORT_KINDS, isImportKind, parseImport, type ImportKind, type ParsedImport } from "./parse.js";
export { formatFromPath, type ImportFormat } from "./records.js";

export interface ImportFileResult extends ImportSummary {
  readonly kind: ImportKind;
  readonly file: string;
  readonly records: number;
  readonly dryRun: boolean;
}

/**
 * Read, validate and import one file, all or nothing: every problem of the file (shape, unknown
 * fields, references) is reported in one InputError. Orders already in the store follow `onExisting`.
 */
export async function importFile(
  store: FulfillmentStore,
  kind: ImportKind,
  file: string,
  options: {
    readonly now: number;
    readonly actor: string;
    readonly format?: ImportFormat;
    readonly dryRun?: boolean;
    readonly onProgress?: (done: number, total: number) => void;
    /** Orders whose number exists: "update" (default), "skip" or "fail". */
    readonly onExisting?: OnExisting;
    /** Stock: accept on-hand below what orders hold. */
    readonly allowOverAllocation?: boolean;
  },
): Promise<ImportFileResult> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError("FILE_UNREADABLE", `cannot read ${file}: ${code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  const parsed = parseImportRecords(kind, file, text, options.format);
  if (parsed.issues.length > 0) {
    // Report everything at once: also check the valid records' references (unknown SKU, location …)
    // in a dry run, so a user fixes the file in one go.
    let referenceIssues: readonly InputIssue[] = [];
    try {
      await store.importData(parsed.batch, { now: options.now, actor: options.actor, dryRun: true, ...(options.onExisting ? { onExisting: options.onExisting } : {}), ...(options.allowOverAllocation ? { allowOverAllocation: true } : {}) });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      referenceIssues = e.issues;
    }
    throw importProblems(file, [...parsed.issues, ...referenceIssues]);
  }
  const summary = await store.importData(parsed.batch, {
    now: options.now,
    actor: options.actor,
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.onExisting ? { onExisting: options.onExisting } : {}),
    ...(options.allowOverAllocation ? { allowOverAllocation: true } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { ...summary, kind, file, records: parsed.records, dryRun: options.dryRun ?? false };
}
