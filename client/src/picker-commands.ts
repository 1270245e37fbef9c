/**
 * Command barcodes for the picker's handheld (hands-free: scan them from the printed sheet instead of
 * touching the screen). `CMD-LOGOUT` is shared with the pack station's sheet. The handheld page acts
 * on these itself; they never reach the gateway as item scans.
 */
export type PickerAction = "skip" | "short" | "short-empty" | "short-damaged" | "next-trip" | "logout" | "camera";

export const PICKER_COMMAND_BARCODES: Readonly<Record<string, PickerAction>> = {
  "CMD-SKIP": "skip",
  "CMD-SHORT": "short",
  "CMD-SHORT-EMPTY": "short-empty",
  "CMD-SHORT-DAMAGED": "short-damaged",
  "CMD-NEXT-TRIP": "next-trip",
  "CMD-LOGOUT": "logout",
  "CMD-CAMERA": "camera",
};

/** What each command does, in words (printed under its barcode). */
export const PICKER_ACTION_LABELS: Readonly<Record<PickerAction, string>> = {
  skip: "Skip this stop (it moves to the end of the trip)",
  short: "Short pick: enter how many you found",
  "short-empty": "Short pick: the location is empty",
  "short-damaged": "Short pick: damaged units (enter how many good ones)",
  "next-trip": "Take the next trip",
  logout: "Log out",
  camera: "Scan with the camera",
};

export function pickerCommandOf(code: string): PickerAction | undefined {
  return PICKER_COMMAND_BARCODES[code.trim().toUpperCase()];
}
