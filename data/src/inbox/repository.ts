/** Inbox queries: record a message id once (a second insert of the same id changes nothing and says so). */
import type { Q } from "../db/unit-of-work.js";
import type { InboxTable } from "./tables.js";

/** Insert the inbox row; false when a row with that message id exists (a redelivery). */
export async function insertInboxRow(q: Q, row: InboxTable): Promise<boolean> {
  const r = await q.insertInto("inbox").values(row).onConflict((oc) => oc.column("message_id").doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function setInboxDetail(q: Q, messageId: string, detail: string): Promise<void> {
  await q.updateTable("inbox").set({ detail }).where("message_id", "=", messageId).execute();
}

export async function findInboxRow(q: Q, messageId: string): Promise<InboxTable | undefined> {
  return q.selectFrom("inbox").selectAll().where("message_id", "=", messageId).executeTakeFirst();
}

export async function listInbox(q: Q, limit: number): Promise<InboxTable[]> {
  return q.selectFrom("inbox").selectAll().orderBy("received_at", "desc").limit(limit).execute();
}
