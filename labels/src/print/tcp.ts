/**
 * Raw TCP printing (port 9100, "JetDirect"): connect, send the bytes, half-close, and wait for the
 * printer to close its side after it read them (a raw-port printer reads to our end of data, then
 * closes). A job counts as printed only then: a printer that resets the connection, or closes its
 * side before it saw our end of data, did not take the job (PRINT_FAILED). Between the last byte and
 * our end of data we wait END_GRACE_MS, so a printer that closed at once is noticed before we end.
 * The timeout is one deadline for the whole job (connect, send, close), not an idle timer that a
 * slowly draining printer keeps resetting.
 */
import { connect } from "node:net";
import { PrintError, type PrintJob, type PrintOptions, type PrintResult } from "./printer.js";

/** Between the last byte handed over and our end of data: time for an early close to arrive, ms. */
const END_GRACE_MS = 20;

export function printViaTcp(host: string, port: number, job: PrintJob, opts: PrintOptions = {}): Promise<PrintResult> {
  const where = `tcp://${host}:${port}`;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    // allowHalfOpen: a printer's early close must not end our side for us (we would not notice it).
    const socket = connect({ host, port, allowHalfOpen: true });
    let done = false;
    let ended = false;
    let grace: NodeJS.Timeout | undefined;
    const settle = (err?: PrintError) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearTimeout(grace);
      socket.destroy();
      if (err) reject(err);
      else resolve({ target: where, bytes: job.data.byteLength });
    };
    const deadline = setTimeout(() => settle(new PrintError("PRINTER_TIMEOUT", `printer ${where} did not take the job within ${timeoutMs} ms`)), timeoutMs);
    socket.on("error", (e: NodeJS.ErrnoException) => {
      const code = e.code ?? "";
      if (code === "ECONNREFUSED") settle(new PrintError("PRINTER_CONNECTION_REFUSED", `printer ${where} refused the connection (is it on, and is port ${port} its raw port?)`));
      else if (code === "ENOTFOUND" || code === "EAI_AGAIN") settle(new PrintError("PRINTER_NOT_FOUND", `printer host ${host} not found (${code})`));
      else if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ETIMEDOUT") settle(new PrintError("PRINTER_OFFLINE", `printer ${where} is unreachable (${code})`));
      else if (code === "ECONNRESET" || code === "EPIPE") settle(new PrintError("PRINT_FAILED", `printer ${where} closed the connection before it took the job (${code})`));
      else settle(new PrintError("PRINT_FAILED", `sending to ${where} failed: ${e.message}`));
    });
    const notTaken = () => new PrintError("PRINT_FAILED", `printer ${where} closed the connection before it took the job`);
    socket.on("connect", () => {
      socket.write(job.data, () => {
        grace = setTimeout(() => {
          ended = true;
          socket.end();
        }, END_GRACE_MS);
      });
    });
    // The printer closed its side: printed if it saw our end of data first, else it did not read the job.
    socket.on("end", () => settle(ended ? undefined : notTaken()));
    socket.on("close", (hadError) => {
      if (!hadError) settle(ended ? undefined : notTaken());
    });
    // Printers rarely answer on 9100; drain anything they send so the socket can close.
    socket.on("data", () => undefined);
  });
}
