/**
 * Browsers' Socket.IO default: long-polling first, then the upgrade to websocket. Both transports go
 * through the same handshake authentication: a polling-only client with a device token works, one
 * without a token or with a revoked device is refused, and nothing is served for them.
 */
import { afterEach, expect, it } from "vitest";
import { io as connectClient, type Socket } from "socket.io-client";
import { GatewayRepo } from "@pickpack/data";
import { call, startTestGateway, type TestGateway } from "./helpers.js";

let t: TestGateway | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await t?.cleanup();
  t = undefined;
});

function open(url: string, auth: Record<string, unknown>, transports: ("polling" | "websocket")[]): Promise<Socket> {
  const s = connectClient(url, { transports, auth, reconnection: false, forceNew: true });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once("connect", () => resolve(s));
    s.once("connect_error", (e) => reject(e));
  });
}

it("a polling-only client with a device token talks to the gateway; the default (polling, then upgrade) does too", async () => {
  t = await startTestGateway();
  const { token } = await t.pair("picker");
  const polling = await open(t.url, { token }, ["polling"]);
  expect(polling.io.engine.transport.name).toBe("polling");
  expect(await call(polling, "hello", {})).toMatchObject({ ok: true, data: { device: { role: "picker" } } });
  expect(await call(polling, "session.login", { scanId: "p1", badge: "BADGE-0001" })).toMatchObject({ ok: true });

  const upgraded = await open(t.url, { token }, ["polling", "websocket"]);
  await new Promise<void>((resolve) => (upgraded.io.engine.transport.name === "websocket" ? resolve() : upgraded.io.engine.once("upgrade", () => resolve())));
  expect(await call(upgraded, "hello", {})).toMatchObject({ ok: true, data: { user: { id: expect.any(String) } } });
});

it("polling is behind the same authentication: no token, a bad token or a revoked device is refused", async () => {
  t = await startTestGateway();
  const refusedWith = async (auth: Record<string, unknown>) => {
    try {
      await open(t!.url, auth, ["polling"]);
    } catch (e) {
      return (e as { data?: { code: string } }).data?.code;
    }
    throw new Error("connection was accepted");
  };
  expect(await refusedWith({})).toBe("UNAUTHORIZED");
  expect(await refusedWith({ token: "not-a-jwt" })).toBe("UNAUTHORIZED");
  const paired = await t.pair("picker");
  const repo = new GatewayRepo(t.store);
  await repo.revokeDevice(paired.device.id, { now: Date.now(), reason: "lost" });
  expect(await refusedWith({ token: paired.token })).toBe("DEVICE_REVOKED");
});
