/**
 * What a read of a scanner or scale attached to the gateway host means for a headless pack station
 * (no pack-station client connected): pure. Badges are recognised by core's scan classification,
 * command barcodes by core/src/scanning/commands.ts; anything else is a pack scan.
 * - a badge logs in; with someone logged in it overrides a refused weight, else logs out;
 * - CMD-CLOSE closes the carton, CMD-WEIGH weighs with the station scale, CMD-LOGOUT logs out;
 * - a stable weight is the carton's weight, only while the station waits for one.
 */
import { DEFAULT_SCAN_RULES, classifyScan, commandOf, type ClientEventName, type ScanRulesConfig, type StationState } from "@pickpack/core";

export type StationRead = { readonly kind: "scan"; readonly code: string } | { readonly kind: "weight"; readonly grams: number };

/** The station's paired packer device as the routing needs it. */
export interface StationDeviceView {
  readonly loggedIn: boolean;
  /** The badge scanned belongs to someone else than the person logged in (or to nobody registered). */
  readonly otherBadge?: boolean;
  readonly phase: StationState["phase"];
}

export interface LocalCommand {
  readonly event: ClientEventName;
  readonly payload: Record<string, unknown>;
}

const noSkus = { findSkuByBarcode: () => undefined };

/** The badge id of a scan, if core's classification says it is a badge. */
export function badgeOf(code: string, rules: ScanRulesConfig = DEFAULT_SCAN_RULES): string | undefined {
  const r = classifyScan(code, { skus: noSkus, config: rules });
  const c = r.ok ? r.value.classification : undefined;
  return c && c.kind === "badge" ? c.id : undefined;
}

/** The command a read stands for at `station`, or null when nothing waits for it. */
export function localCommand(station: string, read: StationRead, device: StationDeviceView, rules: ScanRulesConfig = DEFAULT_SCAN_RULES): LocalCommand | null {
  if (read.kind === "weight") {
    if (!device.loggedIn || (device.phase !== "weigh" && device.phase !== "weight-refused")) return null;
    return { event: "pack.weight", payload: { grams: read.grams } };
  }
  const code = read.code.trim();
  const badge = badgeOf(code, rules);
  if (badge !== undefined) {
    if (!device.loggedIn) return { event: "session.login", payload: { badge } };
    if (device.phase === "weight-refused") return { event: "pack.override", payload: { supervisorBadge: badge, reason: `supervisor badge scanned at station ${station}` } };
    // another packer's badge switches packer; one's own badge logs out
    return device.otherBadge ? { event: "session.login", payload: { badge } } : { event: "session.logout", payload: {} };
  }
  switch (commandOf(code)) {
    case "close-carton":
      return { event: "pack.close", payload: {} };
    case "weigh":
      return { event: "pack.weight", payload: {} };
    case "logout":
      return { event: "session.logout", payload: {} };
    default:
      return { event: "pack.scan", payload: { code } };
  }
}
