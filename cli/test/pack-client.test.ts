import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryQueueStore, PackClient, journalLine, replayJournal, secondsPerOrder } from "@pickpack/client";
import type { QueueStore, QueuedCommand } from "@pickpack/client";
import { FileQueueStore, queueFilePath } from "../src/tui/queue-file.js";
import { FakeTransport, ManualTimers, flush, hello, idle, station } from "./fake-transport.js";
import type { Reply } from "./fake-transport.js";
import { SimPackGateway } from "./sim-gateway.js";

function make(responder: (e: string, p: Record<string, unknown>) => Reply, queue: QueueStore = new MemoryQueueStore(), prefix = "s", sim?: SimPackGateway) {
  const timers = new ManualTimers();
  const transport = new FakeTransport(responder);
  if (sim) sim.onFeed = (item) => transport.push("feed", item);
  let n = 0;
  const client = new PackClient({ transport, queue, station: "P1", timers, now: () => timers.now, newScanId: () => `${prefix}${++n}`, retryDelayMs: 500, offlineAfterMs: 3000 });
  client.start();
  return { client, transport, timers };
}

describe("offline queue", () => {
  it("persists scans made offline, survives a crash, and resends the same scan id until acked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pack-q-"));
    const path = queueFilePath(dir, "P1");
    const first = make(() => "hang", new FileQueueStore(path));
    expect(first.client.scan("BADGE-A1")).toEqual({ kind: "queued", scanId: "s1" });
    expect(first.client.scan("TOTE-7")).toEqual({ kind: "queued", scanId: "s2" });
    expect(first.client.getState().pending.map((c) => c.event)).toEqual(["session.login", "pack.scan"]);
    // The terminal crashes here: nothing was sent (offline), both are on disk.
    expect(replayJournal(readFileSync(path, "utf8")).map((c) => c.scanId)).toEqual(["s1", "s2"]);

    const sim = new SimPackGateway();
    let timeouts = 1;
    const second = make((e, p) => {
      if (e === "pack.scan" && timeouts-- > 0) return "timeout"; // first try of the tote scan times out
      return sim.handle(e, p);
    }, new FileQueueStore(path), "t");
    expect(second.client.getState().pending).toHaveLength(2);
    second.transport.up();
    await flush();
    // login acked; the tote scan timed out and is still queued and on disk
    expect(second.client.getState().user?.name).toBe("Alex Packer");
    expect(replayJournal(readFileSync(path, "utf8")).map((c) => c.scanId)).toEqual(["s2"]);
    second.timers.advance(500);
    await flush();
    const scans = second.transport.sentOf("pack.scan");
    expect(scans.map((s) => s.payload.scanId)).toEqual(["s2", "s2"]); // same id resent
    expect(second.client.getState().station?.orderNumber).toBe("ORD-1001");
    expect(second.client.getState().pending.map((c) => c.event)).toEqual([]);
    expect(replayJournal(readFileSync(path, "utf8"))).toEqual([]);
  });

  it("keeps commands across a disconnect mid-flight and sends them in order after reconnecting", async () => {
    const sim = new SimPackGateway();
    let hang = true;
    const { client, transport } = make((e, p) => (hang && e === "pack.scan" ? "hang" : sim.handle(e, p)));
    transport.up();
    await flush();
    client.scan("BADGE-A1");
    await flush();
    client.scan("TOTE-7");
    client.scan("MUG-BLUE");
    await flush();
    expect(client.getState().pending.map((c) => c.scanId)).toEqual(["s3", "s4"]);
    transport.down();
    hang = false;
    transport.up();
    await flush(10);
    expect(transport.sentOf("pack.scan").map((s) => s.payload.scanId)).toEqual(["s3", "s3", "s4"]);
    expect(client.getState().station?.lines[0]?.packed).toBe(1);
    expect(client.getState().pending).toEqual([]);
  });

  it("retries after RATE_LIMITED but drops a domain refusal after showing it", async () => {
    const sim = new SimPackGateway();
    let limited = 1;
    const { client, transport, timers } = make((e, p) => (e === "pack.scan" && limited-- > 0 ? { ok: false, error: { code: "RATE_LIMITED", message: "slow down" } } : sim.handle(e, p)));
    transport.up();
    await flush();
    client.scan("BADGE-A1");
    client.scan("TOTE-7");
    await flush();
    expect(client.getState().pending).toHaveLength(1);
    timers.advance(500);
    await flush();
    expect(client.getState().pending).toHaveLength(0);
    client.scan("BOOK-ATLAS");
    await flush();
    const s = client.getState();
    expect(s.pending).toHaveLength(0);
    expect(s.banner?.title).toBe("WRONG ITEM");
    expect(s.banner?.lines).toContain("Belongs to order ORD-1002");
    expect(s.stats.misScans).toBe(1);
    expect(s.station?.lines.map((l) => l.packed)).toEqual([0, 0]); // refusal changed nothing
  });

  it("replays any journal of adds and acks, ignoring a torn last line", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9 })), { maxLength: 40 }), fc.nat(30), (ops, tear) => {
        const model = new Map<string, QueuedCommand>();
        let text = "";
        for (const [add, n] of ops) {
          const scanId = `id${n}`;
          if (add) {
            const cmd: QueuedCommand = { scanId, event: "pack.scan", payload: { scanId, code: `C${n}` }, at: n };
            model.set(scanId, cmd);
            text += journalLine({ op: "add", cmd });
          } else {
            model.delete(scanId);
            text += journalLine({ op: "ack", scanId });
          }
        }
        expect(replayJournal(text)).toEqual([...model.values()]);
        const torn = text + journalLine({ op: "ack", scanId: "id1" }).slice(0, tear % 10);
        expect(replayJournal(torn)).toEqual([...model.values()]);
      }),
    );
  });

  it("compacts the journal on open", () => {
    const dir = mkdtempSync(join(tmpdir(), "pack-q-"));
    const path = join(dir, "q.jsonl");
    const cmd = (id: string): QueuedCommand => ({ scanId: id, event: "pack.scan", payload: { scanId: id, code: "X" }, at: 1 });
    writeFileSync(path, journalLine({ op: "add", cmd: cmd("a") }) + journalLine({ op: "add", cmd: cmd("b") }) + journalLine({ op: "ack", scanId: "a" }) + '{"op":"ad');
    const store = new FileQueueStore(path);
    expect(store.load().map((c) => c.scanId)).toEqual(["b"]);
    expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(1);
  });
});

describe("connection state", () => {
  it("goes connecting → connected → reconnecting → offline, with what is waiting to sync", async () => {
    const sim = new SimPackGateway();
    const { client, transport, timers } = make((e, p) => sim.handle(e, p));
    expect(client.getState().connection.status).toBe("connecting");
    transport.up();
    await flush();
    expect(client.getState().connection.status).toBe("connected");
    transport.down("ping timeout");
    expect(client.getState().connection).toMatchObject({ status: "reconnecting", error: "ping timeout" });
    client.scan("BADGE-A1");
    timers.advance(3000);
    expect(client.getState().connection.status).toBe("offline");
    expect(client.getState().pending.map((c) => c.event)).toEqual(["session.login"]);
    transport.up();
    await flush();
    expect(client.getState().connection.status).toBe("connected");
    expect(client.getState().pending).toEqual([]);
  });

  it("shows a refused handshake (revoked device) and does not pretend to reconnect", () => {
    const { client, transport } = make(() => hello());
    transport.fail("device revoked", "DEVICE_REVOKED");
    expect(client.getState().connection).toMatchObject({ status: "refused", error: "DEVICE_REVOKED: device revoked" });
  });
});

describe("feed catch-up", () => {
  it("snapshots on first connect, applies live items in order, and syncs what it missed after a reconnect", async () => {
    const user = { id: "u1", name: "Alex", role: "packer" };
    let latest = 5;
    const feed = [6, 7, 8, 9, 10, 11].map((seq) => ({ seq, type: "pack" as const, at: "t", data: { state: station({ next: `step ${seq}` }) } }));
    const { client, transport } = make((e, p) => {
      if (e === "hello") return hello(latest, user);
      if (e === "pack.state") return { ok: true, data: { state: station({ next: "snapshot" }) } };
      if (e === "feed.sync") {
        const after = Number(p.after);
        const items = feed.filter((f) => f.seq > after && f.seq <= latest).slice(0, 2);
        return { ok: true, data: { items, latestSeq: latest, more: items.length > 0 && items[items.length - 1]!.seq < latest } };
      }
      return { ok: true, data: {} };
    });
    transport.up();
    await flush();
    expect(client.getState()).toMatchObject({ lastSeq: 5, station: { next: "snapshot" } });
    expect(transport.sentOf("feed.sync")).toHaveLength(0);
    transport.push("feed", feed[0]!);
    expect(client.getState()).toMatchObject({ lastSeq: 6, station: { next: "step 6" } });
    transport.push("feed", feed[0]!); // duplicate: ignored
    expect(client.getState().lastSeq).toBe(6);
    transport.down();
    latest = 9;
    transport.up();
    await flush(10);
    expect(transport.sentOf("hello").at(-1)?.payload).toEqual({ lastSeq: 6 });
    expect(transport.sentOf("feed.sync").map((s) => s.payload.after)).toEqual([6, 8]);
    expect(client.getState()).toMatchObject({ lastSeq: 9, station: { next: "step 9" } });
    latest = 11;
    transport.push("feed", feed[5]!); // seq 11 while at 9: a gap → sync
    await flush(10);
    expect(client.getState()).toMatchObject({ lastSeq: 11, station: { next: "step 11" } });
  });
});

describe("state derivation and scans", () => {
  it("packs a demo order end to end and derives the session summary", async () => {
    const sim = new SimPackGateway();
    const { client, transport, timers } = make((e, p) => sim.handle(e, p), undefined, "s", sim);
    transport.up();
    await flush();
    client.scan("BADGE-A1");
    await flush();
    expect(transport.sentOf("station.open")).toHaveLength(1);
    for (const code of ["TOTE-7", "4006381333931", "MUG-BLUE", "TEA-GREEN", "MUG-BLUE"]) client.scan(code);
    await flush(20);
    let s = client.getState();
    expect(s.banner?.title).toBe("OVER-PACK");
    expect(s.station).toMatchObject({ phase: "weigh", expectedGrams: 960, toleranceGrams: 50 });
    expect(s.stats).toMatchObject({ items: 3, misScans: 1 });
    // the scale settles: one weight is sent, out of tolerance
    transport.push("scale", { station: "P1", grams: 400, stable: false, at: "t" });
    transport.push("scale", { station: "P1", grams: 1210, stable: true, at: "t" });
    transport.push("scale", { station: "P1", grams: 1210, stable: true, at: "t" });
    await flush(10);
    expect(transport.sentOf("pack.weight").map((x) => x.payload.grams)).toEqual([1210]);
    s = client.getState();
    expect(s.banner?.title).toBe("WEIGHT OUTSIDE TOLERANCE");
    expect(s.banner?.lines).toContain("Expected 960 g ± 50 g, measured 1210 g");
    // the packer takes the extra thing off: motion, then stable at a good weight
    transport.push("scale", { station: "P1", grams: 0, stable: true, at: "t" });
    timers.advance(45_000);
    transport.push("scale", { station: "P1", grams: 955, stable: true, at: "t" });
    await flush(10);
    s = client.getState();
    expect(s.station?.phase).toBe("labelled");
    client.scan(s.station?.trackingNumber ?? "");
    await flush(10);
    s = client.getState();
    expect(s.station?.phase).toBe("packed");
    expect(s.stats).toMatchObject({ ordersPacked: 1, items: 3, cartons: 1, misScans: 1 });
    expect(secondsPerOrder(s.stats)).toBe(45);
  });

  it("refuses scans with control characters before anything is queued", async () => {
    const { client, transport } = make(() => hello());
    transport.up();
    await flush();
    const out = client.scan("BADGE-\x1b[2JA1");
    expect(out.kind).toBe("rejected");
    expect(client.getState().banner?.title).toBe("UNREADABLE SCAN");
    expect(client.getState().pending).toEqual([]);
  });

  it("asks for a badge before anything else, and turns a badge during a refused weight into an override", async () => {
    const sim = new SimPackGateway();
    const { client, transport } = make((e, p) => sim.handle(e, p), undefined, "s", sim);
    transport.up();
    await flush();
    expect(client.scan("TOTE-7").kind).toBe("rejected");
    expect(client.getState().banner?.title).toBe("SCAN YOUR BADGE");
    client.scan("BADGE-A1");
    for (const c of ["TOTE-8", "BOOK-ATLAS"]) client.scan(c);
    await flush(10);
    client.weigh(2000);
    await flush(10);
    expect(client.getState().station?.phase).toBe("weight-refused");
    expect(client.scan("BADGE-SUP1")).toEqual({ kind: "override", badge: "BADGE-SUP1" });
    client.override("BADGE-SUP1", "extra packing material");
    await flush(10);
    expect(client.getState().station?.phase).toBe("labelled");
    expect(transport.sentOf("pack.override")[0]?.payload).toMatchObject({ supervisorBadge: "BADGE-SUP1", reason: "extra packing material" });
  });

  it("maps command barcodes to actions", async () => {
    const sim = new SimPackGateway();
    const { client, transport } = make((e, p) => sim.handle(e, p));
    transport.up();
    await flush();
    client.scan("BADGE-A1");
    await flush();
    expect(client.scan("CMD-SUMMARY")).toEqual({ kind: "ui", action: "summary" });
    expect(client.scan("cmd-exception")).toEqual({ kind: "ui", action: "exception" });
    client.scan("TOTE-7");
    client.scan("MUG-BLUE");
    client.scan("CMD-CLOSE");
    await flush(10);
    expect(transport.sentOf("pack.close")).toHaveLength(1);
    expect(client.getState().station?.phase).toBe("weigh");
    client.action("exception", "damaged item");
    await flush(10);
    expect(transport.sentOf("pack.scan").at(-1)?.payload.code).toBe("CMD-EXCEPTION:damaged item");
  });
});

describe("idle fixture", () => {
  it("is idle", () => expect(idle.phase).toBe("idle"));
});
