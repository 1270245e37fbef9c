/** Structured JSON logs (pino). The gateway depends on this small interface so tests can capture logs. */
import pino from "pino";

export interface GatewayLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export function createLogger(options: { level?: string; destination?: { write(s: string): unknown } } = {}): GatewayLogger {
  const dest = options.destination;
  return pino(
    { level: options.level ?? process.env.PICKPACK_LOG_LEVEL ?? "info", base: { service: "pickpack-gateway" }, timestamp: pino.stdTimeFunctions.isoTime },
    dest ? { write: (s: string) => void dest.write(s) } : undefined,
  );
}

export const silentLogger: GatewayLogger = { info() {}, warn() {}, error() {}, debug() {} };
