/**
 * Broker settings from the command line and the environment: `--broker amqp://…` or
 * PICKPACK_BROKER_URL, checked before anything connects; connecting fails fast with a clear
 * error when the broker is not there at start (later losses are recovered in the background).
 */
import { InputError } from "@pickpack/core";
import { redact } from "@pickpack/data";
import { connectAmqpBroker, type AmqpBroker, type AmqpBrokerOptions } from "./amqp.js";

/** The broker URL (from the option, else PICKPACK_BROKER_URL), or undefined when neither is set. */
export function brokerUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = option ?? env.PICKPACK_BROKER_URL;
  if (url === undefined || url.trim() === "") return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError("BROKER_URL_INVALID", `--broker / PICKPACK_BROKER_URL ${JSON.stringify(redactUrl(url))} is not a URL (expected amqp://user:password@host:5672/vhost)`);
  }
  if (parsed.protocol !== "amqp:" && parsed.protocol !== "amqps:") {
    throw new InputError("BROKER_URL_INVALID", `--broker / PICKPACK_BROKER_URL must be an amqp:// or amqps:// URL, got ${parsed.protocol}// (RabbitMQ is the broker supported today)`);
  }
  return url;
}

export function requireBrokerUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const url = brokerUrl(option, env);
  if (url === undefined) throw new InputError("BROKER_URL_MISSING", "no broker: pass --broker amqp://user:password@host:5672 or set PICKPACK_BROKER_URL");
  return url;
}

/** A URL with its password hidden, for messages and logs. */
export function redactUrl(url: string): string {
  return redact(url);
}

/** Connect, giving up after a few attempts at start (BROKER_UNREACHABLE). */
export async function openBroker(options: AmqpBrokerOptions): Promise<AmqpBroker> {
  try {
    return await connectAmqpBroker({ initialRetries: 4, ...options });
  } catch (e) {
    throw new InputError("BROKER_UNREACHABLE", `cannot connect to the broker at ${redactUrl(options.url)}: ${(e as Error).message || String(e)}`);
  }
}
