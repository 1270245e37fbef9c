/** Formatting helpers shared by the commands' human output. */
export const isoTime = (ms: number | undefined): string => (ms === undefined ? "" : new Date(ms).toISOString().replace(".000Z", "Z"));
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
