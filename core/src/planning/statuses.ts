/** Wave statuses and the refusal codes of planning, declared once. */

/** planned → released → completed (or cancelled when every order left it). */
export const WAVE_STATUS = {
  Planned: "planned",
  Released: "released",
  Completed: "completed",
  Cancelled: "cancelled",
} as const;
export type WaveStatus = (typeof WAVE_STATUS)[keyof typeof WAVE_STATUS];
export const WAVE_STATUSES: readonly WaveStatus[] = Object.values(WAVE_STATUS);

export const PlanningErrorCode = {
  WarehouseNotFound: "WAREHOUSE_NOT_FOUND",
  LayoutMissing: "LAYOUT_MISSING",
  LocationOutsideLayout: "LOCATION_OUTSIDE_LAYOUT",
  WaveNotFound: "WAVE_NOT_FOUND",
  WaveNotPlanned: "WAVE_NOT_PLANNED",
  PickListNotFound: "PICK_LIST_NOT_FOUND",
} as const;
