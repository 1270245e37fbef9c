/**
 * Names that end up in file paths, rooms and labels: pack-station names. One rule everywhere a
 * station is named (pairing, the station map, `station.open`), so `..` or `../../etc` can never
 * become a station and a `{station}` in a printer's file template cannot leave its folder.
 */

/** A station name: 1–32 characters, letters, digits, `_` and `-`, starting with a letter or digit. */
export const STATION_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

export const STATION_NAME_RULE = "1–32 letters, digits, _ or -, starting with a letter or digit (e.g. P1, pack-02)";

export function isStationName(name: unknown): name is string {
  return typeof name === "string" && STATION_NAME_PATTERN.test(name);
}
