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

