// Reading the power-loss shim's journal (shim.c) and playing it backwards: after the process was
// killed, every file under the watched folder is put back to what a disk could hold after a power
// cut at that instant. What a file had when it was last synced is kept; of the writes since, either
// none survive ("all-lost") or the first k in order do, k chosen by the caller ("prefix").
import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";

type Rec =
  | { kind: "W"; path: string; offset: number; oldSize: number; pre: Buffer }
  | { kind: "T"; path: string; newSize: number; oldSize: number; cut: Buffer }
  | { kind: "S"; path: string };

export function readJournal(file: string): Rec[] {
  const b = readFileSync(file);
  const names = new Map<number, string>();
  const out: Rec[] = [];
  let at = 0;
  const need = (n: number) => at + n <= b.length;
  while (need(5)) {
    const kind = String.fromCharCode(b[at]!);
    const id = b.readUInt32LE(at + 1);
    let p = at + 5;
    if (kind === "N" || kind === "W" || kind === "T") {
      const head = kind === "N" ? 0 : 16;
      if (p + head + 4 > b.length) break;
      const len = b.readUInt32LE(p + head);
      if (p + head + 4 + len > b.length) break; // a record cut short by the kill: the write after it never happened
      const body = b.subarray(p + head + 4, p + head + 4 + len);
      if (kind === "N") names.set(id, body.toString("utf8"));
      else {
        const path = names.get(id)!;
        const a = Number(b.readBigUInt64LE(p));
        const old = Number(b.readBigUInt64LE(p + 8));
        out.push(kind === "W" ? { kind, path, offset: a, oldSize: old, pre: Buffer.from(body) } : { kind, path, newSize: a, oldSize: old, cut: Buffer.from(body) });
      }
      p += head + 4 + len;
    } else if (kind === "S") {
      out.push({ kind, path: names.get(id)! });
    } else {
      throw new Error(`power-loss journal ${file}: unknown record ${JSON.stringify(kind)} at byte ${at}`);
    }
    at = p;
  }
  return out;
}

export interface PowerCut {
  /** Per file: how many writes since its last sync were still pending, and how many were lost. */
  readonly files: readonly { readonly path: string; readonly unsynced: number; readonly lost: number }[];
}

/**
 * Undo unsynced writes. `keep(path, unsynced)` says how many of a file's unsynced writes (in order)
 * reached the disk: 0 for a cut that loses all of them.
 */
export function cutPower(journalFile: string, keep: (path: string, unsynced: number) => number): PowerCut {
  const recs = readJournal(journalFile);
  const byPath = new Map<string, Rec[]>();
  for (const r of recs) {
    if (!byPath.has(r.path)) byPath.set(r.path, []);
    const list = byPath.get(r.path)!;
    if (r.kind === "S") list.length = 0; // everything before a sync is on the disk
    else list.push(r);
  }
  const files: { path: string; unsynced: number; lost: number }[] = [];
  for (const [path, pending] of byPath) {
    const k = Math.max(0, Math.min(pending.length, keep(path, pending.length)));
    const undo = pending.slice(k).reverse();
    files.push({ path, unsynced: pending.length, lost: undo.length });
    if (undo.length === 0) continue;
    const fd = openSync(path, "r+");
    try {
      for (const r of undo) {
        if (r.kind === "W") {
          if (r.pre.length > 0) writeSync(fd, r.pre, 0, r.pre.length, r.offset);
          if (fstatSync(fd).size > r.oldSize) ftruncateSync(fd, r.oldSize);
        } else if (r.kind === "T") {
          if (r.cut.length > 0) writeSync(fd, r.cut, 0, r.cut.length, r.newSize);
          if (fstatSync(fd).size < r.oldSize) ftruncateSync(fd, r.oldSize);
        }
      }
    } finally {
      closeSync(fd);
    }
  }
  return { files };
}
