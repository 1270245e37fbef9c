/**
 * Scanners and scales attached to this host (DeviceManager events), routed to their pack station.
 * With a pack-station client of that station connected to this node, the client is in charge: it
 * gets `device.scan` (and sends it back as a command with its own scanId) and `scale` readings.
 * Without one (a headless station, the `--devices sim` demo), the gateway applies the reads itself
 * to the station's paired packer device (stations/routing.ts), recorded like client commands
 * (scanId `local:<station>:…`), one station's reads in order. The last stable weight per station is
 * kept for `pack.weight {}`.
 */
import type { Clock, ClientEventName, DeviceEvent, ErrorBody, ScanRulesConfig, StationState } from "@pickpack/core";
import type { GatewayRepo } from "@pickpack/data";
import type { BackgroundTasks } from "../commands/background.js";
import type { GatewayLogger } from "../shared/logger.js";
import { badgeOf, localCommand, type StationRead } from "./routing.js";

export interface LocalStationsDeps {
  readonly repo: GatewayRepo;
  readonly clock: Clock;
  readonly log: GatewayLogger;
  readonly background: BackgroundTasks;
  /** Emit to a room on every node. */
  toRoom(room: string, event: string, data: unknown): void;
  /** Whether a packer client of `station` is connected to this node. */
  hasPackerClient(station: string): boolean;
  /** Record a command for a device (the dispatcher's local path); resolves to its ack. */
  submit(deviceId: string, event: ClientEventName, payload: Record<string, unknown>): Promise<unknown>;
  stopping(): boolean;
  readonly scanRules?: ScanRulesConfig;
}

type StationAck = { ok: boolean; data?: { step?: string; message?: string; state?: { phase?: string; orderNumber?: string | null } }; error?: ErrorBody };

export class LocalStations {
  readonly #d: LocalStationsDeps;
  readonly #weights = new Map<string, { grams: number; at: number }>();
  /** Per station: a scale reading was unstable or empty since the last weight the gateway applied itself. */
  readonly #scaleArmed = new Map<string, boolean>();
  #counter = 0;
  constructor(deps: LocalStationsDeps) {
    this.#d = deps;
  }

  /** The last stable weight read at `station`, in grams. */
  grams(station: string | null): number | undefined {
    return station ? this.#weights.get(station)?.grams : undefined;
  }

  deviceEvent(e: DeviceEvent): void {
    const { log, toRoom } = this.#d;
    const station = e.device?.station;
    if (e.type === "scan") {
      log.info({ station, device: e.device?.id, code: e.text.slice(0, 64) }, "station scanner read");
      if (!station) return;
      if (this.#d.hasPackerClient(station)) toRoom(`station:${station}`, "device.scan", { station, code: e.text, aim: e.aim ?? null, at: new Date(e.at).toISOString() });
      else this.#apply(station, { kind: "scan", code: e.text });
    } else if (e.type === "weight") {
      const grams = Math.round(e.reading.grams);
      if (station && e.stable) this.#weights.set(station, { grams, at: e.at });
      if (station) toRoom(`station:${station}`, "scale", { station, grams, stable: e.stable, at: new Date(e.at).toISOString() });
      if (e.stable) log.info({ station, device: e.device?.id, grams }, "station scale stable");
      if (!station) return;
      if (!e.stable || grams <= 0) this.#scaleArmed.set(station, true);
      else if (this.#scaleArmed.get(station) !== false && !this.#d.hasPackerClient(station)) {
        this.#scaleArmed.set(station, false);
        this.#apply(station, { kind: "weight", grams });
      }
    } else {
      log.info({ device: e.device?.id, type: e.type, ...("message" in e ? { message: e.message } : {}) }, `device ${e.type}`);
    }
  }

  #apply(station: string, read: StationRead): void {
    if (this.#d.stopping()) return;
    const { repo, log } = this.#d;
    this.#d.background.serial(`local:${station}`, "local device task", async () => {
      const device = await repo.stationPackerDevice(station);
      if (!device) {
        log.warn({ station, read: read.kind }, "station read ignored: no packer device is paired for this station (pickpack devices pair --role packer --station …)");
        return;
      }
      const phase = device.state ? ((JSON.parse(device.state) as { phase?: StationState["phase"] }).phase ?? "idle") : "idle";
      const badge = read.kind === "scan" && device.user_id ? badgeOf(read.code.trim(), this.#d.scanRules) : undefined;
      const otherBadge = badge !== undefined && (await repo.findUserByBadge(badge))?.id !== device.user_id;
      const cmd = localCommand(station, read, { loggedIn: Boolean(device.user_id), phase, otherBadge }, this.#d.scanRules);
      if (!cmd) return; // nothing waits for this read
      const scanId = `local:${station}:${this.#d.clock.now().toString(36)}:${++this.#counter}`;
      const a = (await this.#d.submit(device.id, cmd.event, { scanId, ...cmd.payload })) as StationAck;
      const event = cmd.event;
      if (a.ok) log.info({ station, device: device.id, event, step: a.data?.step, phase: a.data?.state?.phase, order: a.data?.state?.orderNumber }, `station ${station}: ${a.data?.message ?? event}`);
      else if (a.error?.code === "INVALID_PAYLOAD") log.warn({ station, event, issues: a.error.issues }, "station read refused: invalid");
      else log.warn({ station, device: device.id, event, code: a.error?.code }, `station ${station} refused: ${a.error?.message ?? ""}`);
    });
  }
}
