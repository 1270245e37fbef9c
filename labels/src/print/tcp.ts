/** Raw TCP printing (port 9100, "JetDirect"): connect, send the bytes, close. */
import { connect } from "node:net";
import { PrintError, type PrintJob, type PrintOptions, type PrintResult } from "./printer.js";

export function printViaTcp(host: string, port: number, job: PrintJob, opts: PrintOptions = {}): Promise<PrintResult> {
  const where = `tcp://${host}:${port}`;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let done = false;
    const fail = (err: PrintError) => {
      if (done) return;
      done = true;
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () => fail(new PrintError("PRINTER_TIMEOUT", `printer ${where} did not answer within ${timeoutMs} ms`)));
    socket.on("error", (e: NodeJS.ErrnoException) => {
      const code = e.code ?? "";
      if (code === "ECONNREFUSED") fail(new PrintError("PRINTER_CONNECTION_REFUSED", `printer ${where} refused the connection (is it on, and is port ${port} its raw port?)`));
      else if (code === "ENOTFOUND" || code === "EAI_AGAIN") fail(new PrintError("PRINTER_NOT_FOUND", `printer host ${host} not found (${code})`));
      else if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ETIMEDOUT") fail(new PrintError("PRINTER_OFFLINE", `printer ${where} is unreachable (${code})`));
      else fail(new PrintError("PRINT_FAILED", `sending to ${where} failed: ${e.message}`));
    });
    socket.on("connect", () => {
      socket.end(job.data);
    });
    socket.on("close", (hadError) => {
      if (done || hadError) return;
      done = true;
      resolve({ target: where, bytes: job.data.byteLength });
    });
    // Printers rarely answer on 9100; drain anything they send so the socket can close.
    socket.on("data", () => undefined);
  });
}
