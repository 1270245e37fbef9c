// The relay as a gateway job, composed by `pickpack-gateway gateway` (what `pickpack gateway` runs):
// events reach a registered webhook while the gateway runs; with --no-relay they wait in the outbox.
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
const sqlite = backends.find((b) => b.name === "sqlite")!;

function gateway(target: string, extra: string[]): ChildProcess & { output: string[] } {
  const args = ["--conditions=source", "--import", "tsx", "scanner-gateway/src/main.ts", "gateway", "--db", target, "--port", "0", "--devices", "none", "--relay-poll-ms", "50", ...extra];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout!.on("data", (d: Buffer) => child.output.push(d.toString()));
  child.stderr!.on("data", (d: Buffer) => child.output.push(d.toString()));
  return child;
}

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the relay in the gateway", () => {
  let child: (ChildProcess & { output: string[] }) | undefined;
  let receiver: WebhookReceiver | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await receiver?.close();
    await cleanup?.();
  });

  async function world(): Promise<{ store: SqlStore; target: string; total: number }> {
    const opened = await sqlite.open();
    cleanup = opened.cleanup;
    await opened.store.importData(seedBatch(), by());
    await opened.store.importData(ordersBatch(order("G1", [["B", 1]]), order("G2", [["B", 1]])), by());
    receiver = new WebhookReceiver([SECRET]);
    await addWebhook(opened.store, { url: await receiver.listen(), events: ["*"], secret: SECRET, allowPrivate: true }, by());
    const total = (await opened.store.kysely.selectFrom("outbox").select("id").execute()).length;
    return { store: opened.store, target: opened.target, total };
  }

  it("delivers while the gateway runs, and stops with it", { timeout: 60_000 }, async () => {
    const { store, target, total } = await world();
    child = gateway(target, []);
    await until(() => receiver!.processed.length === total, 40_000, "the events at the receiver");
    expect(receiver!.outOfOrder).toEqual([]);
    // The relay records each answer just after the receiver has it.
    await until(async () => (await deliveryHealth(store, Date.now())).pending === 0, 10_000, "the outbox to settle");
    child.kill("SIGTERM");
    await new Promise((r) => child!.once("exit", r));
    expect(child.exitCode).toBe(0);
  });

  it("--no-relay: events wait in the outbox", { timeout: 60_000 }, async () => {
    const { store, target, total } = await world();
    child = gateway(target, ["--no-relay"]);
    await until(() => child!.output.join("").includes("gateway ready"), 40_000, "the gateway to start");
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver!.requests).toHaveLength(0);
    expect((await deliveryHealth(store, Date.now())).pending).toBe(total);
  });
});
