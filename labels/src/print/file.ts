/**
 * The file printer: writes the job's bytes to a path. What already exists there is written into, as
 * a spool would (a character device such as /dev/usb/lp0, a FIFO a print daemon reads, an existing
 * file or a symlink to one), never replaced; a new file is written atomically (a temporary file
 * renamed into place, removed again if anything fails).
 */
import { open, rename, stat, unlink, writeFile } from "node:fs/promises";
import { PrintError, type PrintJob, type PrintResult } from "./printer.js";

export async function printToFile(path: string, job: PrintJob): Promise<PrintResult> {
  try {
    const existing = await stat(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return undefined;
      throw e;
    });
    if (existing?.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    if (existing) await writeInto(path, job.data, existing.isFile());
    else await writeNew(path, job.data);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PrintError(code === "ENOENT" ? "PRINTER_NOT_FOUND" : "PRINT_FAILED", `cannot write to file:${path}: ${code ?? String(e)}`);
  }
  return { target: `file:${path}`, jobId: path, bytes: job.data.byteLength };
}

/** Open for writing (following symlinks) and write everything; a regular file is truncated first. */
async function writeInto(path: string, data: Uint8Array, regular: boolean): Promise<void> {
  const fh = await open(path, regular ? "w" : "a");
  try {
    let done = 0;
    while (done < data.byteLength) done += (await fh.write(data, done, data.byteLength - done)).bytesWritten;
  } finally {
    await fh.close();
  }
}

let sequence = 0;

/** A temporary file of this job only (two jobs for the same new path may run at once), renamed into place. */
async function writeNew(path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${++sequence}.part`;
  let created = false;
  try {
    await writeFile(tmp, data, { flag: "wx" });
    created = true;
    await rename(tmp, path);
  } catch (e) {
    if (created) await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
