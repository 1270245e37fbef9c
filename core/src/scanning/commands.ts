/**
 * Command barcodes printed on the pack station's command sheet. A scan of one of these is an action,
 * not an item. The protocol (../protocol) has events for close carton and weighing; the other
 * actions have no event of their own yet, so they travel as `pack.scan` with the command barcode as
 * the code and the gateway interprets it (see docs/pack-station.md).
 */
export type StationAction = "close-carton" | "next-carton" | "reprint" | "short" | "exception" | "cancel-carton" | "weigh" | "logout" | "summary";

export const COMMAND_BARCODES: Readonly<Record<string, StationAction>> = {
  "CMD-CLOSE": "close-carton",
  "CMD-NEXT": "next-carton",
  "CMD-REPRINT": "reprint",
  "CMD-SHORT": "short",
  "CMD-EXCEPTION": "exception",
  "CMD-CANCEL": "cancel-carton",
  "CMD-WEIGH": "weigh",
  "CMD-LOGOUT": "logout",
  "CMD-SUMMARY": "summary",
};

export const ACTION_BARCODE: Readonly<Record<StationAction, string>> = Object.fromEntries(
  Object.entries(COMMAND_BARCODES).map(([code, action]) => [action, code]),
) as Record<StationAction, string>;

export function commandOf(code: string): StationAction | undefined {
  return COMMAND_BARCODES[code.trim().toUpperCase()];
}

/** Exception reasons offered in the exception menu (sent as `CMD-EXCEPTION:<reason>`). */
export const EXCEPTION_REASONS: readonly string[] = ["damaged item", "item missing from tote", "wrong item in tote", "no box fits", "label problem", "other"];

/** Reasons offered for a supervisor override of the weight check. */
export const OVERRIDE_REASONS: readonly string[] = [
  "scale checked, master data weight is wrong",
  "extra packing material",
  "item weight missing in master data",
  "other (supervisor checked the carton)",
];

/** Badge barcodes (same rule as core's DEFAULT_SCAN_RULES). */
export function isBadge(code: string): boolean {
  return /^BADGE-[A-Za-z0-9]+$/.test(code);
}
