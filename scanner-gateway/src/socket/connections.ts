/**
 * The sockets connected to THIS node, by device: who is connected (devices.list, revocation), which
 * pack stations have a client here (stations/ routes local scanner reads to it), and waiting for one.
 */
import type { Session } from "./session.js";
import type { Connection } from "./transport.js";

export class LocalConnections {
  readonly #byDevice = new Map<string, Set<Connection<Session>>>();

  add(conn: Connection<Session>): void {
    let set = this.#byDevice.get(conn.session.deviceId);
    if (!set) this.#byDevice.set(conn.session.deviceId, (set = new Set()));
    set.add(conn);
  }

  /** Remove a connection; true when it was the device's last one on this node. */
  remove(conn: Connection<Session>): boolean {
    const set = this.#byDevice.get(conn.session.deviceId);
    if (!set) return true;
    set.delete(conn);
    if (set.size > 0) return false;
    this.#byDevice.delete(conn.session.deviceId);
    return true;
  }

  has(deviceId: string): boolean {
    return this.#byDevice.has(deviceId);
  }

  of(deviceId: string): readonly Connection<Session>[] {
    return [...(this.#byDevice.get(deviceId) ?? [])];
  }

  /** Whether a client of `station` (of `role`, if given) is connected to this node. */
  station(station: string, role?: Session["role"]): boolean {
    for (const conns of this.#byDevice.values()) for (const c of conns) if (c.session.station === station && (role === undefined || c.session.role === role)) return true;
    return false;
  }

  /** Resolve true when a client of `station` is connected, false after `timeoutMs` or once `cancelled()` says so. */
  async waitForStation(station: string, timeoutMs: number, cancelled: () => boolean = () => false): Promise<boolean> {
    let timedOut = false;
    const timer = setTimeout(() => (timedOut = true), timeoutMs);
    try {
      while (!this.station(station)) {
        if (timedOut || cancelled()) return false;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
