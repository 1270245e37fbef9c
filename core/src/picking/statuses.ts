/**
 * Pick-list and pick-line statuses, and the refusal codes of picking: declared once, used by the
 * pick-list machine here and by every query in data/ (no status literal elsewhere).
 */

/** planned (wave not released) → released → picking (a picker has it) → completed; cancelled when empty. */
export const PICK_LIST_STATUS = {
  Planned: "planned",
  Released: "released",
  Picking: "picking",
  Completed: "completed",
  Cancelled: "cancelled",
} as const;
export type PickListStatus = (typeof PICK_LIST_STATUS)[keyof typeof PICK_LIST_STATUS];
export const PICK_LIST_STATUSES: readonly PickListStatus[] = Object.values(PICK_LIST_STATUS);
/** Pick lists whose open lines still claim stock at their locations. */
export const ACTIVE_PICK_LIST_STATUSES = [PICK_LIST_STATUS.Planned, PICK_LIST_STATUS.Released, PICK_LIST_STATUS.Picking] as const;

/** open → picked | short | skipped (skipped lines go to the end of the trip and can still be picked); cancelled with its order. */
export const PICK_LINE_STATUS = {
  Open: "open",
  Picked: "picked",
  Short: "short",
  Skipped: "skipped",
  Cancelled: "cancelled",
} as const;
export type PickLineStatus = (typeof PICK_LINE_STATUS)[keyof typeof PICK_LINE_STATUS];
/** Lines still to be picked. */
export const OPEN_LINE_STATUSES = [PICK_LINE_STATUS.Open, PICK_LINE_STATUS.Skipped] as const;
export type OpenLineStatus = (typeof OPEN_LINE_STATUSES)[number];

export const isOpenLine = (status: string): status is OpenLineStatus => status === PICK_LINE_STATUS.Open || status === PICK_LINE_STATUS.Skipped;
export const isActivePickList = (status: string): boolean => (ACTIVE_PICK_LIST_STATUSES as readonly string[]).includes(status);

