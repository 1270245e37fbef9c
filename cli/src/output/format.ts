/** Formatting helpers shared by the commands' human output. */
export const isoTime = (ms: number | undefined): string => (ms === undefined ? "" : new Date(ms).toISOString().replace(".000Z", "Z"));
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The unit of layout distances (aisle lengths, positions along an aisle, walked routes): metres, as docs/routing.md defines. */
export const LENGTH_UNIT = "m";
/** A layout distance with its unit, at most `digits` decimals (trailing zeros dropped): `12.5 m`. */
export const formatLength = (n: number, digits = 2): string => `${Number(n.toFixed(digits))} ${LENGTH_UNIT}`;
/** A table header for a column of layout distances: `leg (m)`. */
export const lengthHeader = (name: string): string => `${name} (${LENGTH_UNIT})`;
