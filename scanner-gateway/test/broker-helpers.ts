/**
 * Real RabbitMQ for the broker tests: the URL (PICKPACK_TEST_AMQP_URL, default the local guest
 * account), unique exchange/queue names per run, a raw amqplib channel to look at what arrived,
 * and cutting one named connection from the server side (`rabbitmqctl close_connection`).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import amqp, { type Channel, type ChannelModel, type GetMessage } from "amqplib";

const run = promisify(execFile);
export const AMQP_URL = process.env.PICKPACK_TEST_AMQP_URL ?? "amqp://guest:guest@127.0.0.1:5672";

export const amqpAvailable: boolean = await (async () => {
  try {
    const c = await amqp.connect(AMQP_URL);
    await c.close();
    return true;
  } catch (e) {
    if (process.env.PICKPACK_TEST_AMQP_URL) throw new Error(`PICKPACK_TEST_AMQP_URL is set but RabbitMQ at ${AMQP_URL} does not answer: ${(e as Error).message}`);
    console.warn(`\n*** RabbitMQ not reachable at ${AMQP_URL}: SKIPPING the broker tests ***\n`);
    return false;
  }
})();

let n = 0;
/** A name no other run uses: t_<pid>_<time>_<n>_<what>. */
export const uniqueName = (what: string) => `t_${process.pid}_${Date.now().toString(36)}_${n++}_${what}`;

export interface Probe {
  readonly ch: Channel;
  /** Declare a queue bound to the exchange (deleted by cleanup). */
  queue(exchange: string, bindings: readonly string[], name?: string): Promise<string>;
  get(queue: string): Promise<GetMessage | false>;
  /** Wait until a message is on the queue (or fail after `ms`). */
  waitFor(queue: string, ms?: number): Promise<GetMessage>;
  publish(exchange: string, key: string, body: unknown, props?: amqp.Options.Publish): Promise<void>;
  count(queue: string): Promise<number>;
  trackExchange(name: string): void;
  /** Delete this queue at cleanup too (one the code under test declared). */
  trackQueue(name: string): void;
  cleanup(): Promise<void>;
}

export async function probe(): Promise<Probe> {
  const conn: ChannelModel = await amqp.connect(AMQP_URL);
  const ch = await conn.createConfirmChannel();
  const queues = new Set<string>();
  const exchanges = new Set<string>();
  const p: Probe = {
    ch,
    async queue(exchange, bindings, name = uniqueName("q")) {
      await ch.assertExchange(exchange, "topic", { durable: true });
      exchanges.add(exchange);
      await ch.assertQueue(name, { durable: true });
      queues.add(name);
      for (const b of bindings) await ch.bindQueue(name, exchange, b);
      return name;
    },
    get: (queue) => ch.get(queue, { noAck: true }),
    async waitFor(queue, ms = 10_000) {
      const until = Date.now() + ms;
      for (;;) {
        const m = await ch.get(queue, { noAck: true });
        if (m) return m;
        if (Date.now() > until) throw new Error(`no message on ${queue} within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async publish(exchange, key, body, props = {}) {
      await ch.assertExchange(exchange, "topic", { durable: true });
      exchanges.add(exchange);
      ch.publish(exchange, key, Buffer.from(typeof body === "string" ? body : JSON.stringify(body)), { persistent: true, contentType: "application/json", ...props });
      await ch.waitForConfirms();
    },
    async count(queue) {
      return (await ch.checkQueue(queue)).messageCount;
    },
    trackExchange: (name) => void exchanges.add(name),
    trackQueue: (name) => void queues.add(name),
    async cleanup() {
      for (const q of queues) await ch.deleteQueue(q).catch(() => undefined);
      for (const e of exchanges) await ch.deleteExchange(e).catch(() => undefined);
      await conn.close().catch(() => undefined);
    },
  };
  return p;
}

/** Close, from the server, every connection whose client-provided name is `name`; resolves to how many. */
export async function cutConnection(name: string): Promise<number> {
  // The tab-separated listing gives pids in the form close_connection takes (<rabbit@host.N.M>).
  const { stdout } = await run("rabbitmqctl", ["list_connections", "pid", "client_properties", "-q", "--no-table-headers"], { timeout: 60_000 });
  const mine = stdout.split("\n").filter((line) => line.includes(`"${name}"`)).map((line) => line.split("\t")[0]!.trim());
  for (const pid of mine) await run("rabbitmqctl", ["close_connection", pid, "cut by the broker test"], { timeout: 60_000 });
  return mine.length;
}
