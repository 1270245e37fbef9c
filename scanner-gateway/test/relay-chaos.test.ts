// Chaos, with the real relay process and a real HTTP receiver, on SQLite and PostgreSQL: the
// receiver answers 500s, hangs past the timeout, drops connections and recovers; the relay
// (`pickpack-gateway relay`, the process `pickpack relay` runs) is killed with SIGKILL while a
// delivery is on the wire and started again. Afterwards every event was delivered at least once,
// the receiver (de-duplicating by webhook-id) processed each exactly once, per order in sequence.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { addWebhook, deliveryHealth, type SqlStore } from "@pickpack/data";
import { backends } from "../../data/test/backends.js";
import { order, ordersBatch, seedBatch } from "../../data/test/fixtures.js";
import { WebhookReceiver } from "../../data/test/outbox-receiver.js";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const by = () => ({ now: Date.now(), actor: "test" });

function startRelay(target: string, schema: string | undefined): ChildProcess & { output: string[] } {
  const args = ["--conditions=source", "--import", "tsx", "scanner-gateway/src/main.ts", "relay", "--db", target, ...(schema ? ["--schema", schema] : [])];
  args.push("--relay-poll-ms", "50", "--relay-lease-seconds", "1", "--relay-timeout-seconds", "0.4", "--relay-retry-schedule", Array.from({ length: 30 }, (_, i) => (i === 0 ? "0" : "150ms")).join(","), "--log-level", "warn");
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout!.on("data", (d: Buffer) => child.output.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => child.output.push(d.toString()));
  return child;
}

const exited = (c: ChildProcess) => new Promise<number | null>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve(c.exitCode) : c.once("exit", (code) => resolve(code))));

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`relay chaos on ${backend.name}`, () => {
    const children: ChildProcess[] = [];
    let receiver: WebhookReceiver | undefined;
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
      await receiver?.close();
      await cleanup?.();
    });

    it("survives 500s, timeouts, dropped connections and SIGKILL mid-delivery: each event processed exactly once, in sequence", { timeout: 120_000 }, async () => {
      const opened = await backend.open();
      cleanup = opened.cleanup;
      const store: SqlStore = opened.store;
      await store.importData(seedBatch(), by());
      await store.importData(ordersBatch(...Array.from({ length: 12 }, (_, i) => order(`C${i + 1}`, [["B", 1]]))), by());
      for (let i = 1; i <= 5; i++) await store.applyOrderEvent(`C${i}`, { type: "PaymentSucceeded" }, by());
      for (let i = 6; i <= 8; i++) await store.applyOrderEvent(`C${i}`, { type: "Cancel", reason: "chaos" }, by());
      const ids = (await store.kysely.selectFrom("outbox").select("id").orderBy("id").execute()).map((r) => `evt_${r.id}`);
      receiver = new WebhookReceiver([SECRET]);
      const rx = receiver;
      await addWebhook(store, { url: await rx.listen(), events: ["*"], secret: SECRET, allowPrivate: true }, by());

      // Misbehave: 500s, hangs, drops, interleaved with success; then hang one request for the kill.
      let killArmed = false;
      rx.fault = (n) => (killArmed ? "late" : n <= 6 ? "500" : n % 5 === 0 ? "hang" : n % 7 === 0 ? "drop" : n % 3 === 0 ? "500" : "ok");

      let relay = startRelay(opened.target, opened.schema);
      children.push(relay);
      await until(() => rx.processed.length >= Math.floor(ids.length / 3), 60_000, "a third of the events");
      // The next request is processed by the receiver but answered late: kill the relay before the answer,
      // so the event is on record as not delivered and goes again (the receiver de-duplicates it).
      killArmed = true;
      const before = rx.requests.length;
      await until(() => rx.requests.length > before, 20_000, "a request in flight");
      const onTheWire = rx.requests[before]!.id;
      relay.kill("SIGKILL");
      await exited(relay);
      killArmed = false;
      const killedAt = rx.requests.length;

      relay = startRelay(opened.target, opened.schema);
      children.push(relay);
      await until(async () => (await deliveryHealth(store, Date.now())).pending === 0, 90_000, "every event delivered");
      relay.kill("SIGTERM");
      expect(await exited(relay)).toBe(0);

      const processed = rx.processed.map((r) => r.id);
      console.log(
        `chaos on ${backend.name}: ${ids.length} events, ${rx.requests.length} verified requests (${rx.requests.length - processed.length} retries or duplicates), ${processed.length} processed once each, killed after ${killedAt} requests, ${rx.rejected.length} rejected, ${rx.outOfOrder.length} out of order`,
      );
      expect(new Set(processed).size).toBe(processed.length);
      expect([...processed].sort()).toEqual([...ids].sort());
      expect(rx.outOfOrder).toEqual([]);
      expect(rx.rejected).toEqual([]);
      expect(rx.requests.length).toBeGreaterThan(ids.length);
      // The event on the wire at the kill was processed, sent again after the restart, and processed once.
      expect(processed).toContain(onTheWire);
      expect(rx.requests.filter((r) => r.id === onTheWire).length).toBeGreaterThanOrEqual(2);
      expect(await deliveryHealth(store, Date.now())).toMatchObject({ pending: 0, failedDeliveries: 0 });
    });
  });
}
