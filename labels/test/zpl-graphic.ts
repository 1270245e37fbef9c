/** Test helpers for ZPL graphic fields: decode `^GFA` compressed ASCII hex, and write a bitmap as PNG to look at. */
import { deflateSync } from "node:zlib";

export interface Bitmap {
  readonly width: number;
  readonly height: number;
  /** One byte per dot, 1 = black. */
  readonly dots: Uint8Array;
}

const LOW = "GHIJKLMNOPQRSTUVWXY";
const HIGH = "ghijklmnopqrstuvwxyz";

/** Decode the arguments of `^GFA,total,total,bytesPerRow,data` (ZPL II compressed ASCII hex). */
export function decodeGfa(args: string): Bitmap {
  const [format, total, , perRow, ...rest] = args.split(",");
  if (format !== "A") throw new Error(`not ^GFA: ${format}`);
  const data = rest.join(",");
  const bytesPerRow = Number(perRow);
  const height = Number(total) / bytesPerRow;
  const width = bytesPerRow * 8;
  const rows: string[] = [];
  let row = "";
  let count = 0;
  const rowHex = bytesPerRow * 2;
  const finish = () => {
    rows.push(row.padEnd(rowHex, "0").slice(0, rowHex));
    row = "";
  };
  for (const c of data) {
    if (LOW.includes(c)) count += LOW.indexOf(c) + 1;
    else if (HIGH.includes(c)) count += (HIGH.indexOf(c) + 1) * 20;
    else if (c === ",") finish();
    else if (c === ":") {
      rows.push(rows[rows.length - 1] ?? "0".repeat(rowHex));
    } else {
      row += c.repeat(Math.max(1, count));
      count = 0;
      if (row.length >= rowHex) finish();
    }
  }
  if (row) finish();
  const dots = new Uint8Array(width * height);
  rows.slice(0, height).forEach((hex, r) => {
    for (let x = 0; x < width; x++) {
      const byte = parseInt(hex.slice(Math.floor(x / 8) * 2, Math.floor(x / 8) * 2 + 2), 16);
      dots[r * width + x] = (byte >> (7 - (x % 8))) & 1;
    }
  });
  return { width, height, dots };
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A grey-scale PNG of a canvas of dots (1 = black). */
export function bitmapPng(b: Bitmap): Uint8Array {
  const raw = Buffer.alloc((b.width + 1) * b.height);
  for (let y = 0; y < b.height; y++) for (let x = 0; x < b.width; x++) raw[y * (b.width + 1) + 1 + x] = b.dots[y * b.width + x] ? 0 : 255;
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(b.width, 0);
  ihdr.writeUInt32BE(b.height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]));
}

/** Paint every graphic field of a parsed ZPL label onto one canvas (text fields and barcodes are left out). */
export function paintGraphicFields(fields: readonly { x: number; y: number; commands: readonly { name: string; args: string }[] }[], width: number, height: number): Bitmap {
  const dots = new Uint8Array(width * height);
  for (const f of fields) {
    const gf = f.commands.find((c) => c.name === "GF");
    if (!gf) continue;
    const b = decodeGfa(gf.args);
    for (let y = 0; y < b.height; y++) for (let x = 0; x < b.width; x++) if (b.dots[y * b.width + x] && f.y + y < height && f.x + x < width) dots[(f.y + y) * width + f.x + x] = 1;
  }
  return { width, height, dots };
}
