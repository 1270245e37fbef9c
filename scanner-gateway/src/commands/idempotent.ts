/**
 * One command, exactly once: inside a group-commit transaction the device and its user are read
 * (authoritative), (device, scanId) is claimed, the handler runs in a savepoint, and its ack is
 * recorded with the domain change. A resend of the scanId gets the first ack byte-for-byte; a
 * refusal (DomainError/InputError) is rolled back but recorded too. Only after the commit: the ack,
 * the feed items, the post-commit work and `scan.recorded` for supervisors.
 */
import { createHash } from "node:crypto";
import { DomainError, InputError, type Ack, type Clock, type ClientEventName, type FeedItem, type FeedType, type ScanRecorded, type UserInfo } from "@pickpack/core";
import { withSavepoint, type DeviceRow, type GatewayRepo, type SqlStore, type StoreTransaction } from "@pickpack/data";
import type { CommandScope, LaterScope } from "../flows/flows.js";
import type { GatewayLogger } from "../shared/logger.js";
import { errorBody, fail } from "../shared/errors.js";
import type { BackgroundTasks } from "./background.js";
import type { CommitQueue } from "./commit-queue.js";

export type AckFn = (response: unknown) => void;
export type CommandHandler = (scope: CommandScope, payload: never) => Promise<unknown>;

export interface CommandDeps {
  readonly store: SqlStore;
  readonly repo: GatewayRepo;
  readonly commits: CommitQueue;
  readonly clock: Clock;
  readonly log: GatewayLogger;
  readonly node: string;
  readonly background: BackgroundTasks;
  /** Emit to a room on every node. */
  toRoom(room: string, event: string, data: unknown): void;
  /** The last stable weight of the scale attached to this node at `station`, if any. */
  stationGrams(station: string | null): number | undefined;
}

export interface CommandRequest {
  readonly deviceId: string;
  readonly event: ClientEventName;
  readonly payload: { readonly scanId: string };
  readonly now: number;
  readonly handler: CommandHandler;
  readonly reply: AckFn;
  /** Called when the device turned out to be revoked (the connection should go). */
  readonly onRevoked?: () => void;
}

class NotLoggedIn extends Error {}

type Outcome =
  | { kind: "unrecorded"; ack: { ok: false; error: { code: string; message: string } } }
  | { kind: "replay"; ackText: string }
  | { kind: "recorded"; ackText: string; id: number; ok: boolean; code: string | null; userId: string | null };

export class CommandExecutor {
  readonly #d: CommandDeps;
  constructor(deps: CommandDeps) {
    this.#d = deps;
  }

  async execute(r: CommandRequest): Promise<void> {
    const { deviceId, event, payload: p, now } = r;
    const { repo, log } = this.#d;
    const hash = createHash("sha256").update(`${event}\n${JSON.stringify(p)}`).digest("hex");
    const posts: (() => void)[] = [];
    const refusalEffects: (() => Promise<void>)[] = [];
    const outcome = await this.#d.commits.submit(async (tx): Promise<Outcome> => {
      posts.length = 0;
      refusalEffects.length = 0;
      // Read the device inside the transaction: the logged-in user and revocation are authoritative here.
      const d = await repo.getDevice(deviceId, tx.db);
      if (!d || d.revoked_at) return { kind: "unrecorded", ack: fail("DEVICE_REVOKED", "this device was revoked") };
      const user: UserInfo | null = d.user_id ? ((await repo.getUser(d.user_id, tx.db)) ?? null) : null;
      const id = await repo.claimScan(tx, { deviceId: d.id, scanId: p.scanId, event, userId: user?.id ?? null, payloadHash: hash, now });
      if (id === undefined) {
        const row = await repo.findScan(d.id, p.scanId, tx.db);
        if (!row) throw new Error("scan claimed by another transaction but not found");
        if (row.payload_hash !== hash) return { kind: "unrecorded", ack: fail("SCAN_ID_REUSED", `scanId ${p.scanId} was already used on this device for another command (${row.event}); generate a new one`) };
        return { kind: "replay", ackText: row.ack };
      }
      if (event !== "session.login" && !user) throw new NotLoggedIn();
      let ackText: string;
      let ok = true;
      let code: string | null = null;
      try {
        const scope = this.#scope(tx, d, user, now, posts, refusalEffects);
        const data = await withSavepoint(tx, "command", () => r.handler(scope, p as never));
        ackText = JSON.stringify({ ok: true, data });
      } catch (e) {
        if (!(e instanceof DomainError || e instanceof InputError)) throw e;
        // A refusal changes nothing but is recorded, so a resend gets the same answer.
        posts.length = 0;
        // Display state that shows the refusal (e.g. a pack station's refused weight), after the rollback.
        for (const effect of refusalEffects.splice(0)) await effect();
        ackText = JSON.stringify({ ok: false, error: errorBody(e) });
        ok = false;
        code = e.code;
      }
      await repo.completeScan(tx, id, ackText, ok, code);
      return { kind: "recorded", ackText, id, ok, code, userId: user?.id ?? null };
    });
    if (!outcome.ok) {
      if (outcome.error instanceof NotLoggedIn) return r.reply(fail("NOT_LOGGED_IN", "scan your badge first"));
      throw outcome.error;
    }
    const o = outcome.value;
    if (o.kind === "unrecorded") {
      r.reply(o.ack);
      if (o.ack.error.code === "DEVICE_REVOKED") r.onRevoked?.();
      return;
    }
    if (o.kind === "replay") {
      log.debug({ device: deviceId, scanId: p.scanId }, "scan replayed");
      return r.reply(JSON.parse(o.ackText) as Ack<unknown>);
    }
    // Committed: now (and only now) answer and publish.
    r.reply(JSON.parse(o.ackText) as Ack<unknown>);
    for (const post of posts) post();
    const rec: ScanRecorded = { id: o.id, deviceId, userId: o.userId, scanId: p.scanId, event, ok: o.ok, code: o.code, at: new Date(now).toISOString(), node: this.#d.node };
    this.#d.toRoom("supervisors", "scan.recorded", rec);
    log[o.ok ? "debug" : "info"]({ device: deviceId, user: o.userId, scanId: p.scanId, event, ok: o.ok, code: o.code }, o.ok ? "scan recorded" : "scan refused");
  }

  #scope(tx: StoreTransaction, device: DeviceRow, user: UserInfo | null, now: number, posts: (() => void)[], refusalEffects: (() => Promise<void>)[]): CommandScope {
    const grams = this.#d.stationGrams(device.station);
    return {
      tx,
      repo: this.#d.repo,
      device,
      user,
      now,
      ...(grams !== undefined ? { stationGrams: grams } : {}),
      later: (fn) => posts.push(() => this.#runLater(fn)),
      onRefusal: (fn) => void refusalEffects.push(fn),
      feed: async <T>(deviceId: string, type: FeedType, data: T): Promise<FeedItem<T>> => {
        const item = await this.#d.repo.appendFeed(tx, deviceId, type, data, now);
        posts.push(() => this.#d.toRoom(`device:${deviceId}`, "feed", item));
        return item;
      },
      afterCommit: (fn) => posts.push(fn),
    };
  }

  /** A follow-up in its own transaction; its feed items go out after it commits. */
  #runLater(fn: (l: LaterScope) => Promise<void>): void {
    const { store, repo, clock } = this.#d;
    this.#d.background.run("post-commit task", () =>
      fn({
        transaction: async (body) => {
          const posts: (() => void)[] = [];
          const out = await store.transaction((tx) =>
            body(tx, async (deviceId, type, data) => {
              const item = await repo.appendFeed(tx, deviceId, type, data, clock.now());
              posts.push(() => this.#d.toRoom(`device:${deviceId}`, "feed", item));
              return item;
            }),
          );
          for (const post of posts) post();
          return out;
        },
      }),
    );
  }
}
