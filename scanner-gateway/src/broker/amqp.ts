/**
 * The RabbitMQ adapter of core's MessageBroker port (the only file that imports amqplib). A durable
 * topic exchange (default `pickpack.events`), persistent messages, publisher confirms. amqplib's
 * connection recovery reconnects with exponential backoff and jitter when the broker goes away;
 * meanwhile `publish` rejects at once with a retryable BrokerUnavailableError (so the outbox keeps
 * the event), and subscriptions are set up again on every reconnect.
 */
import amqp, { type ChannelModel, type ConfirmChannel, type ConsumeMessage, type RecoveringChannelModel } from "amqplib";
import { BrokerUnavailableError, type BrokerMessage, type MessageBroker, type MessageHandler, type PublishOptions, type Settlement, type SubscribeOptions, type Subscription } from "@pickpack/core";
import { DEFAULT_EXCHANGE } from "./names.js";

export { DEFAULT_EXCHANGE } from "./names.js";
/** Header a dead-lettered message carries: why it was taken off its queue. */
export const DEAD_LETTER_REASON_HEADER = "x-pickpack-dead-letter-reason";
export const DEAD_LETTER_QUEUE_HEADER = "x-pickpack-original-queue";
export const DEAD_LETTER_KEY_HEADER = "x-pickpack-original-routing-key";

export interface AmqpBrokerOptions {
  /** amqp://user:pass@host:port/vhost */
  readonly url: string;
  /** Topic exchange pickpack publishes on (declared durable). */
  readonly exchange?: string;
  /** Shown in RabbitMQ's connection list (`rabbitmqctl list_connections client_properties`). */
  readonly connectionName?: string;
  /** Reconnect backoff: first delay and cap, ms (defaults 200 and 15 000). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Give up (ready() rejects) after this many failed attempts before the first connection; default keep trying. Once connected, it never gives up. */
  readonly initialRetries?: number;
  /** A publish not confirmed within this time fails (retryable). Default 10 000 ms. */
  readonly confirmTimeoutMs?: number;
  /** Delay before a `requeue` settlement gives the message back (so a passing fault does not spin). Default 1 000 ms. */
  readonly requeueDelayMs?: number;
  readonly onEvent?: (event: BrokerConnectionEvent) => void;
}

export type BrokerConnectionEvent =
  | { readonly type: "connected" }
  | { readonly type: "disconnected"; readonly error: string }
  | { readonly type: "reconnect-scheduled"; readonly attempt: number; readonly delayMs: number }
  | { readonly type: "handler-failed"; readonly queue: string; readonly error: string };

interface Sub {
  readonly queue: string;
  readonly bindings: readonly string[];
  readonly handler: MessageHandler;
  readonly prefetch: number;
  readonly exchange: string;
  readonly deadLetterQueue: string;
  channel?: ConfirmChannel;
  consumerTag?: string;
  cancelled: boolean;
  inFlight: Set<Promise<void>>;
  /** Messages are handled one after another, in delivery order (an order's payment never overtakes its creation). */
  chain: Promise<void>;
}

/** Connect (the first connection is awaited; later losses are recovered in the background). */
export async function connectAmqpBroker(options: AmqpBrokerOptions): Promise<AmqpBroker> {
  const broker = new AmqpBroker(options);
  try {
    await broker.ready();
  } catch (e) {
    await broker.close();
    throw e;
  }
  return broker;
}

export class AmqpBroker implements MessageBroker {
  readonly exchange: string;
  readonly #opts: AmqpBrokerOptions;
  readonly #connecting: Promise<RecoveringChannelModel>;
  #firstSetup!: () => void;
  readonly #setUp = new Promise<void>((r) => (this.#firstSetup = r));
  #model: ChannelModel | undefined;
  #pub: Promise<ConfirmChannel> | undefined;
  readonly #subs: Sub[] = [];
  #closed = false;

  constructor(options: AmqpBrokerOptions) {
    this.#opts = options;
    this.exchange = options.exchange ?? DEFAULT_EXCHANGE;
    const emit = options.onEvent ?? (() => {});
    this.#connecting = amqp.connect(options.url, {
      clientProperties: { connection_name: options.connectionName ?? "pickpack" },
      recovery: {
        waitForConnect: false,
        initialDelay: options.initialDelayMs ?? 200,
        maxDelay: options.maxDelayMs ?? 15_000,
        factor: 2,
        jitter: 0.2,
        maxRetries: Infinity,
        ...(options.initialRetries !== undefined ? { initialMaxRetries: options.initialRetries } : {}),
        setup: async (model: ChannelModel) => {
          // After every (re)connect: declare the exchange, then bring every subscription back.
          const ch = await model.createChannel();
          await ch.assertExchange(this.exchange, "topic", { durable: true });
          await ch.close();
          this.#model = model;
          this.#pub = undefined;
          model.on("close", () => {
            if (this.#model === model) this.#model = undefined;
            this.#pub = undefined;
          });
          for (const sub of this.#subs) if (!sub.cancelled) await this.#startConsumer(model, sub);
          this.#firstSetup();
        },
      },
    });
    // With waitForConnect: false, connect() resolves to the recovering handle at once.
    void this.#connecting.then((c) => {
      c.on("connect", () => emit({ type: "connected" }));
      c.on("disconnect", (e: Error) => {
        this.#model = undefined;
        this.#pub = undefined;
        emit({ type: "disconnected", error: e?.message ?? "connection lost" });
      });
      c.on("reconnect-scheduled", (i: { attempt: number; delay: number }) => emit({ type: "reconnect-scheduled", attempt: i.attempt, delayMs: i.delay }));
      c.on("error", () => {}); // connection errors are reported through "disconnect"
    }, () => {});
  }

  /** Resolves once the first connection is up and the exchange declared (rejects when recovery gives up). */
  async ready(): Promise<void> {
    const c = await this.#connecting;
    await Promise.race([this.#setUp, c.waitForConnect().then(() => this.#setUp)]);
  }

  get connected(): boolean {
    return this.#model !== undefined;
  }

  async publish(routingKey: string, body: string | Uint8Array, options: PublishOptions): Promise<void> {
    if (this.#closed) throw new BrokerUnavailableError("the broker connection is closed", false);
    const ch = await this.#publishChannel();
    await confirmedPublish(ch, this.exchange, routingKey, typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body), {
      persistent: true,
      messageId: options.messageId,
      contentType: options.contentType ?? "application/json",
      headers: { ...options.headers },
    }, this.#opts.confirmTimeoutMs ?? 10_000);
  }

  async #publishChannel(): Promise<ConfirmChannel> {
    const model = this.#model;
    if (!model) throw new BrokerUnavailableError("not connected to the broker (reconnecting)");
    if (!this.#pub) {
      const p = model.createConfirmChannel().then((ch) => {
        ch.setMaxListeners(0); // one "close" listener per publish awaiting its confirm
        ch.on("error", () => {});
        ch.on("close", () => {
          if (this.#pub === p) this.#pub = undefined;
        });
        return ch;
      });
      this.#pub = p;
      p.catch(() => {
        if (this.#pub === p) this.#pub = undefined;
      });
    }
    try {
      return await this.#pub;
    } catch (e) {
      throw new BrokerUnavailableError(`cannot open a channel: ${(e as Error).message}`);
    }
  }

  async subscribe(queue: string, bindings: readonly string[], handler: MessageHandler, options: SubscribeOptions = {}): Promise<Subscription> {
    const sub: Sub = {
      queue,
      bindings,
      handler,
      prefetch: options.prefetch ?? 10,
      exchange: options.exchange ?? this.exchange,
      deadLetterQueue: options.deadLetterQueue ?? `${queue}.dlq`,
      cancelled: false,
      inFlight: new Set(),
      chain: Promise.resolve(),
    };
    this.#subs.push(sub);
    if (this.#model) await this.#startConsumer(this.#model, sub);
    return {
      cancel: async () => {
        sub.cancelled = true;
        const ch = sub.channel;
        if (ch && sub.consumerTag) await ch.cancel(sub.consumerTag).catch(() => undefined);
        await Promise.allSettled([...sub.inFlight]);
        await ch?.close().catch(() => undefined);
        sub.channel = undefined;
      },
    };
  }

  async #startConsumer(model: ChannelModel, sub: Sub): Promise<void> {
    const ch = await model.createConfirmChannel();
    ch.setMaxListeners(0);
    ch.on("error", () => {});
    sub.channel = ch;
    await ch.assertExchange(sub.exchange, "topic", { durable: true });
    await ch.assertQueue(sub.queue, { durable: true });
    await ch.assertQueue(sub.deadLetterQueue, { durable: true });
    for (const b of sub.bindings) await ch.bindQueue(sub.queue, sub.exchange, b);
    await ch.prefetch(sub.prefetch);
    const { consumerTag } = await ch.consume(sub.queue, (msg) => {
      if (!msg) return; // the broker cancelled the consumer (queue deleted); a reconnect sets it up again
      const work = sub.chain.then(() => this.#handle(ch, sub, msg));
      sub.chain = work;
      sub.inFlight.add(work);
      void work.finally(() => sub.inFlight.delete(work));
    }, { noAck: false });
    sub.consumerTag = consumerTag;
  }

  async #handle(ch: ConfirmChannel, sub: Sub, msg: ConsumeMessage): Promise<void> {
    const message: BrokerMessage = {
      messageId: typeof msg.properties.messageId === "string" ? msg.properties.messageId : undefined,
      routingKey: msg.fields.routingKey,
      headers: { ...(msg.properties.headers ?? {}) },
      body: new Uint8Array(msg.content),
      redelivered: msg.fields.redelivered,
    };
    let settlement: Settlement;
    try {
      settlement = await sub.handler(message);
    } catch (e) {
      // A handler fault is not the message's fault: give it back (after a pause) rather than lose it.
      this.#opts.onEvent?.({ type: "handler-failed", queue: sub.queue, error: (e as Error).message });
      settlement = { kind: "requeue", reason: (e as Error).message };
    }
    try {
      if (settlement.kind === "ack") ch.ack(msg);
      else if (settlement.kind === "dead-letter") {
        // Copy it to the dead-letter queue with the reason (confirmed), then take it off its queue.
        await confirmedPublish(ch, "", sub.deadLetterQueue, msg.content, {
          persistent: true,
          ...(msg.properties.messageId ? { messageId: msg.properties.messageId as string } : {}),
          ...(msg.properties.contentType ? { contentType: msg.properties.contentType as string } : {}),
          headers: {
            ...(msg.properties.headers ?? {}),
            [DEAD_LETTER_REASON_HEADER]: settlement.reason.slice(0, 1000),
            [DEAD_LETTER_QUEUE_HEADER]: sub.queue,
            [DEAD_LETTER_KEY_HEADER]: msg.fields.routingKey,
          },
        }, this.#opts.confirmTimeoutMs ?? 10_000);
        ch.ack(msg);
      } else {
        await sleep(this.#opts.requeueDelayMs ?? 1000);
        ch.nack(msg, false, true);
      }
    } catch {
      // The channel went away: the unsettled message is redelivered by the broker.
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const sub of this.#subs) {
      sub.cancelled = true;
      await Promise.allSettled([...sub.inFlight]);
    }
    const c = await this.#connecting;
    await c.close().catch(() => undefined);
    this.#model = undefined;
    this.#pub = undefined;
  }
}

function confirmedPublish(ch: ConfirmChannel, exchange: string, routingKey: string, content: Buffer, options: amqp.Options.Publish, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (e?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ch.off("close", onClose);
      if (e) reject(e instanceof BrokerUnavailableError ? e : new BrokerUnavailableError(e.message));
      else resolve();
    };
    const onClose = () => finish(new BrokerUnavailableError("the channel closed before the broker confirmed the message"));
    const timer = setTimeout(() => finish(new BrokerUnavailableError(`no publisher confirm within ${timeoutMs} ms`)), timeoutMs);
    ch.once("close", onClose);
    try {
      ch.publish(exchange, routingKey, content, options, (err) => finish(err ? new BrokerUnavailableError(`the broker refused the message: ${String((err as Error).message ?? err)}`) : undefined));
    } catch (e) {
      // amqplib throws synchronously for an unencodable message (e.g. headers over 64 KiB): retrying cannot help.
      finish(e instanceof RangeError ? new BrokerUnavailableError(e.message, false) : (e as Error));
    }
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

