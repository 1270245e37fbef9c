import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CLIENT_EVENTS, COMMAND_EVENTS, DEVICE_ROLES, EVENT_ROLES, EVENT_SPEC, type ClientEventName, type DeviceRole } from "@pickpack/core";
import type { DeviceRow, GatewayRepo } from "@pickpack/data";
import type { CommandExecutor } from "../commands/idempotent.js";
import { RateLimiter } from "../shared/rate-limit.js";
import { silentLogger } from "../shared/logger.js";
import { EventDispatcher } from "./dispatcher.js";
import { EVENTS, type EventTable, type GatewayServices, type QueryEntry } from "./events.js";
import type { Session } from "./session.js";
import type { Connection } from "./transport.js";

describe("the dispatch table is the single source of the socket protocol", () => {
  it("has exactly one entry per protocol event, each with roles, a schema and a handler", () => {
    expect(Object.keys(EVENTS).sort()).toEqual([...CLIENT_EVENTS].sort());
    expect(new Set(CLIENT_EVENTS).size).toBe(CLIENT_EVENTS.length);
    for (const event of CLIENT_EVENTS) {
      const e = EVENTS[event];
      expect(e.roles.length, event).toBeGreaterThan(0);
      for (const r of e.roles) expect(DEVICE_ROLES, event).toContain(r);
      expect(e.schema, event).toBeInstanceOf(z.ZodType);
      expect(typeof e.handle, event).toBe("function");
    }
  });

  it("agrees with the contract core publishes to clients (roles, which events are commands)", () => {
    for (const event of CLIENT_EVENTS) {
      expect([...EVENTS[event].roles].sort(), event).toEqual([...EVENT_ROLES[event]].sort());
      expect(EVENTS[event].kind, event).toBe(COMMAND_EVENTS.includes(event) ? "command" : "query");
    }
  });

  it("takes each event's roles and kind from core's one declaration (EVENT_SPEC)", () => {
    expect(Object.keys(EVENT_SPEC).sort()).toEqual([...CLIENT_EVENTS].sort());
    for (const event of CLIENT_EVENTS) {
      expect(EVENTS[event].roles, event).toBe(EVENT_SPEC[event].roles);
      expect(EVENTS[event].kind, event).toBe(EVENT_SPEC[event].kind);
      expect(EVENT_ROLES[event], event).toBe(EVENT_SPEC[event].roles);
    }
    expect(COMMAND_EVENTS).toEqual(CLIENT_EVENTS.filter((e) => EVENT_SPEC[e].kind === "command"));
  });

  it("every command's schema requires a scanId and refuses unknown keys", () => {
    for (const event of CLIENT_EVENTS) {
      const e = EVENTS[event];
      const missing = e.schema.safeParse({});
      if (e.kind === "command") {
        expect(missing.success, event).toBe(false);
        expect(missing.error?.issues.some((i) => i.path[0] === "scanId"), event).toBe(true);
      }
      expect(e.schema.safeParse({ scanId: "s1", surprise: 1 }).success, event).toBe(false);
    }
  });
});

// ------------------------------------------------------------------ the dispatcher over a table

const device = { id: "dev-1", name: "HH", role: "picker", station: null, user_id: null, revoked_at: null, feed_seq: 0, state: null } as unknown as DeviceRow;

function harness(table: EventTable, role: DeviceRole = "picker") {
  const calls: string[] = [];
  const repo = { getDevice: async () => (calls.push("getDevice"), device) } as unknown as GatewayRepo;
  const commands: Pick<CommandExecutor, "execute"> = {
    execute: async (r) => {
      calls.push(`command:${r.event}`);
      r.reply({ ok: true, data: "recorded" });
    },
  };
  const app = { node: "test" } as unknown as GatewayServices;
  const d = new EventDispatcher({ table, repo, clock: { now: () => 0 }, log: silentLogger, limiter: new RateLimiter({ perSecond: 1000, burst: 1000 }), commands, app });
  const conn: Connection<Session> = { id: "c1", session: { deviceId: device.id, role, station: null }, remoteAddress: "test", emit() {}, join() {}, disconnect() {} };
  const send = (event: string, payload?: unknown) => new Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }>((resolve) => d.enqueue(conn, event, payload, resolve as (r: unknown) => void));
  return { send, calls };
}

describe("the dispatcher serves what the table holds, and only that", () => {
  it("refuses UNKNOWN_EVENT for a name that is not in the table, before any lookup", async () => {
    const { "pick.next": _dropped, ...rest } = EVENTS;
    const h = harness(rest as unknown as EventTable);
    for (const event of ["pick.next", "no.such.event", "__proto__", "constructor", "toString"]) {
      expect(await h.send(event, {}), event).toMatchObject({ ok: false, error: { code: "UNKNOWN_EVENT" } });
    }
    expect(h.calls).toEqual([]);
    // the same event with its entry present is served
    const full = harness(EVENTS);
    expect(await full.send("pick.scan", { scanId: "a1", code: "A-01-01-A" })).toEqual({ ok: true, data: "recorded" });
    expect(full.calls).toEqual(["command:pick.scan"]);
  });

  it("an event added as one entry is served with its roles and schema enforced", async () => {
    const echo: QueryEntry<ClientEventName> = {
      kind: "query",
      roles: ["packer"],
      schema: z.strictObject({ text: z.string().max(5) }) as never,
      handle: async (q, p) => ({ echo: (p as unknown as { text: string }).text, device: q.device.id }) as never,
    };
    const table = { ...EVENTS, "test.echo": echo } as unknown as EventTable;
    const packer = harness(table, "packer");
    expect(await packer.send("test.echo", { text: "hi" })).toEqual({ ok: true, data: { echo: "hi", device: "dev-1" } });
    expect(await packer.send("test.echo", { text: "too long" })).toMatchObject({ ok: false, error: { code: "INVALID_PAYLOAD" } });
    const picker = harness(table, "picker");
    expect(await picker.send("test.echo", { text: "hi" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN", message: "a picker device may not send test.echo" } });
    expect(picker.calls).toEqual([]);
  });
});
