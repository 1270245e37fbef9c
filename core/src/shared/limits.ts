/**
 * Input limits that are part of the contract (documented in the README): what an import or a
 * command accepts at most, so large input is refused with a clear message rather than failing deep
 * inside the database.
 */

/** The most lines one order may have (an import refuses a larger order, naming it). */
export const MAX_ORDER_LINES = 1000;

/** Whole numbers in records are stored in 32-bit integer columns: at most this. */
export const MAX_RECORD_INTEGER = 2_147_483_647;

/** How deeply a JSON import file may nest arrays and objects (records need 4 levels). */
export const MAX_JSON_DEPTH = 32;

/** `--limit` of list commands: at most this many rows. */
export const MAX_LIST_LIMIT = 1_000_000;
