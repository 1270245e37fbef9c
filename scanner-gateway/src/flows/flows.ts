/**
 * The picker and packer flows as the gateway sees them: each command runs inside the gateway's
 * transaction (the scan row, the domain change and the feed items commit together). The real
 * implementations wrap the planning PickingService and the PackingService; until a service is
 * present the flow answers NOT_IMPLEMENTED.
 */
import { PickpackError, type FeedItem, type FeedType, type ClientEventName, type PackResult, type PayloadOf, type PickResult, type PickTask, type StationState, type UserInfo } from "@pickpack/core";
import type { DeviceRow, GatewayRepo, SqlStore, StoreTransaction } from "@pickpack/data";

/** A validated payload of event E (the dispatch table's zod schema produced it). */
export type ParsedPayload<E extends ClientEventName> = PayloadOf<E>;

/** What a command handler gets. */
export interface CommandScope {
  readonly tx: StoreTransaction;
  readonly repo: GatewayRepo;
  /** The device row, read inside the transaction. */
  readonly device: DeviceRow;
  readonly user: UserInfo | null;
  readonly now: number;
  /** Append a sequenced feed item for a device (delivered after commit). */
  feed<T>(deviceId: string, type: FeedType, data: T): Promise<FeedItem<T>>;
  /** Run after the commit (e.g. emit a live event); never for rolled-back commands. */
  afterCommit(fn: () => void): void;
  /**
   * Run after the commit, in the background (a graceful stop waits for it), e.g. print a label and
   * then tell the station in a follow-up transaction. Never for rolled-back or refused commands.
   */
  later(fn: (l: LaterScope) => Promise<void>): void;
  /**
   * When the command is refused (a DomainError rolls its changes back), run this in the same
   * transaction afterwards: for station display state that should show the refusal (e.g. the refused
   * weight). Feed items it appends are delivered.
   */
  onRefusal(fn: () => Promise<void>): void;
  /** The last stable weight of the scale attached to this gateway at the device's station, if any. */
  readonly stationGrams?: number;
}

/** A follow-up after a commit: its own transaction, with sequenced feed items delivered after it commits. */
export interface LaterScope {
  transaction<T>(fn: (tx: StoreTransaction, feed: <D>(deviceId: string, type: FeedType, data: D) => Promise<FeedItem<D>>) => Promise<T>): Promise<T>;
}

/** Read-only calls (no scanId, nothing recorded). */
export interface QueryScope {
  readonly store: SqlStore;
  readonly repo: GatewayRepo;
  readonly device: DeviceRow;
  readonly now: number;
}

export interface PickerFlow {
  next(q: QueryScope): Promise<PickTask | null>;
  scan(c: CommandScope, p: ParsedPayload<"pick.scan">): Promise<PickResult>;
  confirm(c: CommandScope, p: ParsedPayload<"pick.confirm">): Promise<PickResult>;
  short(c: CommandScope, p: ParsedPayload<"pick.short">): Promise<PickResult>;
  skip(c: CommandScope, p: ParsedPayload<"pick.skip">): Promise<PickResult>;
  complete(c: CommandScope, p: ParsedPayload<"trip.complete">): Promise<PickResult>;
}

export interface PackerFlow {
  state(q: QueryScope): Promise<StationState | null>;
  open(c: CommandScope, p: ParsedPayload<"station.open">): Promise<{ state: StationState }>;
  close(c: CommandScope, p: ParsedPayload<"station.close">): Promise<{ station: string }>;
  scan(c: CommandScope, p: ParsedPayload<"pack.scan">): Promise<PackResult>;
  weight(c: CommandScope, p: ParsedPayload<"pack.weight"> & { stationGrams?: number }): Promise<PackResult>;
  override(c: CommandScope, p: ParsedPayload<"pack.override">): Promise<PackResult>;
  closeCarton(c: CommandScope, p: ParsedPayload<"pack.close">): Promise<PackResult>;
}

const missing = (what: string) => async (): Promise<never> => {
  throw new PickpackError("NOT_IMPLEMENTED", `${what} is not available in this gateway build`);
};

export const unavailablePickerFlow: PickerFlow = {
  next: missing("the picking service"),
  scan: missing("the picking service"),
  confirm: missing("the picking service"),
  short: missing("the picking service"),
  skip: missing("the picking service"),
  complete: missing("the picking service"),
};

export const unavailablePackerFlow: PackerFlow = {
  state: missing("the packing service"),
  open: missing("the packing service"),
  close: missing("the packing service"),
  scan: missing("the packing service"),
  weight: missing("the packing service"),
  override: missing("the packing service"),
  closeCarton: missing("the packing service"),
};
