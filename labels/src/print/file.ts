/** The file printer: writes the job's bytes to a path (atomically, via a temporary file). */
import { rename, writeFile } from "node:fs/promises";
import { PrintError, type PrintJob, type PrintResult } from "./printer.js";

export async function printToFile(path: string, job: PrintJob): Promise<PrintResult> {
  const tmp = `${path}.${process.pid}.part`;
  try {
    await writeFile(tmp, job.data);
    await rename(tmp, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PrintError(code === "ENOENT" ? "PRINTER_NOT_FOUND" : "PRINT_FAILED", `cannot write to file:${path}: ${code ?? String(e)}`);
  }
  return { target: `file:${path}`, jobId: path, bytes: job.data.byteLength };
}
