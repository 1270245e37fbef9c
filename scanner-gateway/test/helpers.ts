/** Test harness: a real gateway on a free port over a fresh store, paired devices, socket.io clients. */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { io as connectClient, type Socket } from "socket.io-client";
import type { Clock, DeviceRole, PairResponse } from "@pickpack/core";
import { GatewayRepo, type SqlStore } from "@pickpack/data";
import { backends, type Backend } from "../../data/test/backends.js";
import { seedBatch } from "../../data/test/fixtures.js";
import type { PackerFlow } from "../src/flows/flows.js";
import { createPacking } from "../src/flows/packing-setup.js";
import { Gateway, type GatewayOptions } from "../src/gateway.js";

export const SECRET = "test-secret-test-secret-test-secret-0123";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The wall clock, for tests that do not move time themselves. */
export const systemClock: Clock = { now: () => Date.now() };

export interface TestGateway {
  readonly gateway: Gateway;
  readonly store: SqlStore;
  readonly url: string;
  readonly clients: Socket[];
  createCode(role: DeviceRole, station?: string): Promise<string>;
  pair(role: DeviceRole, station?: string): Promise<PairResponse>;
  connect(token: string | undefined, extra?: Record<string, unknown>): Promise<Socket>;
  cleanup(): Promise<void>;
}

export async function startTestGateway(options: Partial<GatewayOptions> & { backend?: Backend; seed?: boolean } = {}): Promise<TestGateway> {
  const backend = options.backend ?? backends[0]!;
  const opened = await backend.open();
  const store = opened.store;
  if (options.seed !== false) await store.importData(seedBatch(), { now: Date.parse("2025-01-01T00:00:00Z"), actor: "test" });
  const gateway = await Gateway.start({ store, clock: systemClock, secret: SECRET, revocationPollMs: 100, sweepIntervalMs: 0, ...options }, { port: 0 });
  const url = `http://127.0.0.1:${gateway.port}`;
  const repo = new GatewayRepo(store);
  const clients: Socket[] = [];
  const t: TestGateway = {
    gateway,
    store,
    url,
    clients,
    async createCode(role, station) {
      return (await repo.createPairingCode({ role, now: Date.now(), ...(station ? { station } : {}) })).code;
    },
    async pair(role, station) {
      const code = await t.createCode(role, station);
      const res = await fetch(`${url}/v1/pair`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code }) });
      if (res.status !== 200) throw new Error(`pairing failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as PairResponse;
    },
    connect(token, extra = {}) {
      const socket = connectClient(url, { transports: ["websocket"], auth: token === undefined ? { ...extra } : { token, ...extra }, reconnection: false, forceNew: true });
      clients.push(socket);
      return new Promise((resolve, reject) => {
        socket.once("connect", () => resolve(socket));
        socket.once("connect_error", (e) => reject(e));
      });
    },
    async cleanup() {
      for (const c of clients) c.disconnect();
      await gateway.stop();
      await opened.cleanup();
    },
  };
  return t;
}

/** Send an event and wait for its ack. */
export function call<T = unknown>(socket: Socket, event: string, payload?: unknown, timeoutMs = 5000): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

/** Connect and expect a refusal; resolves to the connect_error data. */
export async function refused(t: TestGateway, token: string | undefined, extra?: Record<string, unknown>): Promise<{ code: string; message: string }> {
  try {
    await t.connect(token, extra);
  } catch (e) {
    return (e as { data: { code: string; message: string } }).data;
  }
  throw new Error("connection was accepted");
}

export const waitFor = async (cond: () => boolean | Promise<boolean>, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** The packer flow over a store the test helper opens later, composed on first use (e.g. ZPL labels to a `file:` printer). */
export function lazyPacker(storeOf: () => SqlStore, setup: Parameters<typeof createPacking>[1]): PackerFlow {
  let flow: PackerFlow | undefined;
  const get = () => (flow ??= createPacking(storeOf(), setup).flow);
  return {
    state: (q) => get().state(q),
    open: (c, p) => get().open(c, p),
    close: (c, p) => get().close(c, p),
    scan: (c, p) => get().scan(c, p),
    weight: (c, p) => get().weight(c, p),
    override: (c, p) => get().override(c, p),
    closeCarton: (c, p) => get().closeCarton(c, p),
  };
}

/** A free TCP port on loopback (for a gateway child process that must keep its port across restarts). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** The gateway binary as a child process (from source), resolved once it listens. */
export function startGatewayProcess(options: { db: string; schema?: string; port: number; secret: string }): Promise<ChildProcess> {
  const args = ["--conditions=source", "--import", "tsx", "scanner-gateway/src/main.ts", "gateway", "--port", String(options.port), "--db", options.db, "--devices", "none", "--sweep-seconds", "0"];
  if (options.schema) args.push("--schema", options.schema);
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, PICKPACK_GATEWAY_SECRET: options.secret }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let buf = "";
    const onData = (d: Buffer) => {
      buf += d.toString();
      if (buf.includes("gateway listening")) {
        child.stdout!.off("data", onData);
        child.stdout!.resume();
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`gateway exited early: ${code}`)));
  });
}
