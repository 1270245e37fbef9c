/**
 * The gateway under abuse: every event counts against the device's rate limit before the cheap
 * refusals (and refusals are logged sampled); tokens must carry `exp`; a packer paired without a
 * station cannot choose one; station names follow the documented pattern; wrong pairing codes are
 * counted in the database (shared by nodes, race-free, per forwarded address only behind a trusted
 * proxy); HTTPS/WSS with --tls-cert/--tls-key; no network address without TLS unless --insecure;
 * a mistyped --db creates nothing.
 */
import { execFileSync } from "node:child_process";
import { EventEmitter } from "node:events";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT } from "jose";
import { io as connectClient } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { InputError, ManualClock } from "@pickpack/core";
import { GatewayRepo, PairingAttempts, openStore } from "@pickpack/data";
import { backends } from "../../data/test/backends.js";
import { seedBatch } from "../../data/test/fixtures.js";
import { createPacking } from "../src/flows/packing-setup.js";
import { Gateway } from "../src/gateway.js";
import { readStationMapFile } from "../src/stations/station-map.js";
import { runGateway } from "../src/main.js";
import { SECRET, call, refused, startTestGateway, systemClock, type TestGateway } from "./helpers.js";

let t: TestGateway | undefined;
const extra: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
  for (const e of extra.splice(0)) await e.stop();
});
const dir = mkdtempSync(join(tmpdir(), "pickpack-hardening-gw-"));
const WRONG = "ZZZ-ZZZZZ";
const pairPost = (url: string, code: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/pair`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ code }) });

type Refusal = { ok: false; error: { code: string } };
const codeOf = (a: unknown) => ((a as { ok: boolean }).ok ? "ok" : (a as Refusal).error.code);

describe("events: rate limit first, refusals logged sampled", () => {
  it("FORBIDDEN and UNKNOWN_EVENT floods are rate-limited, and the log grows by a few lines only", async () => {
    const lines: string[] = [];
    const logger = { info() {}, debug() {}, error() {}, warn: (o: object, msg?: string) => void lines.push(`${msg ?? ""} ${JSON.stringify(o)}`) };
    t = await startTestGateway({ rateLimit: { perSecond: 0.001, burst: 5 }, logger });
    const picker = await t.connect((await t.pair("picker")).token);
    const codes: string[] = [];
    for (let i = 0; i < 40; i++) codes.push(codeOf(await call(picker, i % 2 === 0 ? "pack.scan" : "no.such.event", { scanId: `s${i}`, code: "x" })));
    expect(codes.slice(0, 5)).toEqual(["FORBIDDEN", "UNKNOWN_EVENT", "FORBIDDEN", "UNKNOWN_EVENT", "FORBIDDEN"]);
    expect(codes.slice(5).every((c) => c === "RATE_LIMITED")).toBe(true);
    // even an allowed event is now refused: the refusals spent the device's budget
    expect(codeOf(await call(picker, "pick.next", {}))).toBe("RATE_LIMITED");
    const refusalLines = lines.filter((l) => l.startsWith("event refused"));
    expect(refusalLines.length).toBeGreaterThanOrEqual(1);
    expect(refusalLines.length).toBeLessThanOrEqual(2);
  });
});

describe("tokens and stations", () => {
  it("a token without exp is refused, even when correctly signed", async () => {
    t = await startTestGateway();
    const paired = await t.pair("picker");
    const forever = await new SignJWT({ role: "picker" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(paired.device.id)
      .setIssuer("pickpack-gateway")
      .setAudience("pickpack-device")
      .setIssuedAt()
      .sign(new TextEncoder().encode(SECRET));
    expect((await refused(t, forever)).code).toBe("UNAUTHORIZED");
    expect((await t.connect(paired.token)).connected).toBe(true);
  });

  it("a packer paired without a station cannot choose one with station.open", async () => {
    const opened = await backends[0]!.open();
    await opened.store.importData(seedBatch(), { now: Date.now(), actor: "test" });
    const g = await Gateway.start({ store: opened.store, clock: systemClock, secret: SECRET, sweepIntervalMs: 0, packer: createPacking(opened.store).flow }, { port: 0 });
    extra.push({ stop: async () => (await g.stop(), await opened.cleanup()) });
    const repo = new GatewayRepo(opened.store);
    const connect = async (station?: string) => {
      const device = await repo.redeemPairingCode((await repo.createPairingCode({ role: "packer", now: Date.now(), ...(station ? { station } : {}) })).code, Date.now());
      const socket = connectClient(`http://127.0.0.1:${g.port}`, { transports: ["websocket"], auth: { token: await g.issueToken(device.id) }, reconnection: false, forceNew: true });
      extra.unshift({ stop: async () => void socket.disconnect() });
      await new Promise<void>((resolve, reject) => (socket.once("connect", () => resolve()), socket.once("connect_error", reject)));
      expect(await call(socket, "session.login", { scanId: `l-${station ?? "none"}`, badge: "BADGE-0002" })).toMatchObject({ ok: true });
      return socket;
    };
    const none = await connect();
    expect(codeOf(await call(none, "station.open", { scanId: "o1", station: "P1" }))).toBe("STATION_REQUIRED");
    const p1 = await connect("P1");
    expect(codeOf(await call(p1, "station.open", { scanId: "o2", station: "P1" }))).toBe("ok");
    expect(codeOf(await call(p1, "station.open", { scanId: "o3", station: "P2" }))).toBe("STATION_MISMATCH");
  });

  it("station names follow the pattern at pairing and in station maps", async () => {
    t = await startTestGateway();
    const repo = new GatewayRepo(t.store);
    for (const bad of ["..", "../../etc", ".", "P1/../x", "a b", "-x", "x".repeat(33), "__proto__"]) {
      const e = await repo.createPairingCode({ role: "packer", station: bad, now: Date.now() }).catch((err: unknown) => err);
      expect(e, bad).toBeInstanceOf(InputError);
      expect((e as InputError).code).toBe("STATION_NAME_INVALID");
      const map = join(dir, `map-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(map, JSON.stringify([{ station: bad, printer: "file:/tmp/x-{station}.zpl" }]));
      expect(() => readStationMapFile(map)).toThrow(/station/);
    }
    expect((await repo.createPairingCode({ role: "packer", station: "pack-02_B", now: Date.now() })).station).toBe("pack-02_B");
  });
});

for (const backend of backends) {
  describe.skipIf(!backend.available)(`pairing attempts in the database on ${backend.name}`, () => {
    it("300 concurrent wrong codes from one address: at most 20 evaluated; the count is shared by a second node; a good code is refunded", async () => {
      const opened = await backend.open();
      extra.push({ stop: () => opened.cleanup() });
      const store2 = await openStore({ target: opened.target, ...(opened.schema ? { schema: opened.schema } : {}) });
      // A still clock: the bucket does not drain during the flood, so exactly the limit is evaluated.
      const T = Date.now();
      const still = { now: () => T };
      const a = await Gateway.start({ store: opened.store, clock: still, secret: SECRET, sweepIntervalMs: 0 }, { port: 0 });
      const b = await Gateway.start({ store: store2, clock: still, secret: SECRET, sweepIntervalMs: 0 }, { port: 0 });
      extra.unshift({ stop: async () => (await b.stop(), await store2.close()) }, { stop: () => a.stop() });
      const urlA = `http://127.0.0.1:${a.port}`;
      const urlB = `http://127.0.0.1:${b.port}`;
      // a good code first: it pairs and costs nothing
      const good = (await new GatewayRepo(opened.store).createPairingCode({ role: "picker", now: T })).code;
      expect((await pairPost(urlA, good)).status).toBe(200);
      const statuses = await Promise.all(Array.from({ length: 300 }, (_, i) => pairPost(i % 2 === 0 ? urlA : urlB, WRONG).then((r) => r.status)));
      const evaluated = statuses.filter((s) => s === 400).length;
      expect(evaluated).toBe(20);
      expect(statuses.filter((s) => s === 429)).toHaveLength(280);
      // both nodes refuse the address now, also a correct code
      const another = (await new GatewayRepo(opened.store).createPairingCode({ role: "picker", now: T })).code;
      expect((await pairPost(urlB, another)).status).toBe(429);
      expect(await new PairingAttempts(opened.store).count("127.0.0.1", T)).toBe(20);
    }, 60_000);
  });
}

describe("client address behind a trusted proxy", () => {
  it("keys on X-Forwarded-For only when the peer is a trusted proxy", async () => {
    t = await startTestGateway({ trustedProxies: ["127.0.0.0/8"], pairingAttempts: { limit: 3, windowMs: 600_000 } });
    const fwd = (ip: string) => ({ "x-forwarded-for": `203.0.113.9, ${ip}` });
    for (let i = 0; i < 3; i++) expect((await pairPost(t.url, WRONG, fwd("10.1.1.1"))).status).toBe(400);
    expect((await pairPost(t.url, WRONG, fwd("10.1.1.1"))).status).toBe(429);
    // another device behind the same proxy is not blocked by the first one's typos
    expect((await pairPost(t.url, WRONG, fwd("10.1.1.2"))).status).toBe(400);
  });

  it("without a trusted proxy the header is ignored: rotating it does not bypass the limit", async () => {
    t = await startTestGateway({ pairingAttempts: { limit: 3, windowMs: 600_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await pairPost(t.url, WRONG, { "x-forwarded-for": `10.9.9.${i}` })).status);
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
  });

  it("a bad --trusted-proxy is an input error", async () => {
    const { trustedProxies } = await import("../src/auth/client-address.js");
    expect(() => trustedProxies(["10.0.0.0/33"])).toThrow(InputError);
    expect(() => trustedProxies(["proxy.local"])).toThrow(/not an IP address or CIDR/);
    expect(trustedProxies(["10.0.0.2, 192.168.0.0/16", "::1"]).check("192.168.4.4")).toBe(true);
  });
});

describe("TLS", () => {
  it("serves HTTPS and WSS on one port with --tls-cert/--tls-key material", async () => {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
    const { readFileSync } = await import("node:fs");
    const opened = await backends[0]!.open();
    await opened.store.importData(seedBatch(), { now: Date.now(), actor: "test" });
    const g = await Gateway.start({ store: opened.store, clock: systemClock, secret: SECRET, sweepIntervalMs: 0 }, { port: 0, tls: { cert: readFileSync(cert), key: readFileSync(key) } });
    extra.push({ stop: async () => (await g.stop(), await opened.cleanup()) });
    const ca = readFileSync(cert, "utf8");
    const health = await new Promise<number>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: g.port, path: "/healthz", ca }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(health).toBe(200);
    const token = await g.issueToken((await new GatewayRepo(opened.store).redeemPairingCode((await new GatewayRepo(opened.store).createPairingCode({ role: "picker", now: Date.now() })).code, Date.now())).id);
    const socket = connectClient(`https://127.0.0.1:${g.port}`, { transports: ["websocket"], auth: { token }, reconnection: false, forceNew: true, ca });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    expect(codeOf(await call(socket, "hello", {}))).toBe("ok");
    socket.disconnect();
    // plain HTTP on the TLS port gets no answer as HTTP
    const plain = await fetch(`http://127.0.0.1:${g.port}/healthz`).then((r) => r.status, () => "refused");
    expect(plain).not.toBe(200);
  }, 30_000);
});

describe("the gateway command", () => {
  function io() {
    let stderr = "";
    let code: number | undefined;
    return {
      io: {
        stdout: { write: () => true },
        stderr: { write: (s: string) => (stderr += s) },
        stdin: new EventEmitter() as never,
        clock: new ManualClock("2026-11-22T08:00:00Z"),
        loadHid: async () => {
          throw new Error("no HID in tests");
        },
        interrupted: new Promise<void>(() => undefined),
        setExitCode: (c: number) => void (code = c),
      },
      err: () => stderr,
      code: () => code,
    };
  }

  it("refuses a network address without TLS unless --insecure, and a mistyped --db creates nothing", async () => {
    const db = join(dir, "typo.db");
    const a = io();
    const ra = await runGateway(["gateway", "--db", db, "--host", "0.0.0.0", "--port", "0", "--devices", "none"], a.io as never);
    expect(a.code() ?? ra).toBe(2);
    expect(a.err()).toContain("GATEWAY_INSECURE");
    expect(a.err()).toContain("--insecure");
    const b = io();
    const rb = await runGateway(["gateway", "--db", db, "--host", "0.0.0.0", "--insecure", "--port", "0", "--devices", "none"], b.io as never);
    expect(b.code() ?? rb).toBe(2);
    expect(b.err()).toContain("DATABASE_NOT_FOUND");
    expect(existsSync(db)).toBe(false);
    const c = io();
    const rc = await runGateway(["gateway", "--db", db, "--tls-cert", join(dir, "none.pem"), "--port", "0", "--devices", "none"], c.io as never);
    expect(c.code() ?? rc).toBe(2);
    expect(c.err()).toContain("--tls-key");
  });
});
