/**
 * AIM symbology identifiers (ISO/IEC 15424): `]` + code character + modifier, sent before the data
 * when the scanner is set to transmit them. Sources: gs1/gs1-syntax-engine `src/c-lib/scandata.c`
 * (GS1 identifiers), NielsLeenheer/BarcodeParser `src/aim.js`, zxing output.
 */
export interface AimInfo {
  readonly aim: string;
  readonly symbology: string;
  /** The symbology marks the data as a GS1 element string (FNC1 in first position). */
  readonly gs1: boolean;
  /** The data is a bare GTIN (EAN/UPC). */
  readonly gtin: boolean;
}

const SYMBOLOGIES: Readonly<Record<string, string>> = {
  A: "Code 39",
  C: "Code 128",
  d: "Data Matrix",
  E: "EAN/UPC",
  e: "GS1 DataBar",
  F: "Codabar",
  G: "Code 93",
  H: "Code 11",
  I: "Interleaved 2 of 5",
  J: "DotCode",
  L: "PDF417",
  M: "MSI",
  O: "Codablock",
  Q: "QR Code",
  R: "Straight 2 of 5",
  S: "Standard 2 of 5",
  U: "MaxiCode",
  X: "Other",
  z: "Aztec",
};

/** AIM ids whose data is a GS1 element string. */
const GS1_AIMS: ReadonlySet<string> = new Set(["]C1", "]e0", "]e1", "]e2", "]d2", "]Q3", "]Q4", "]J1", "]z1", "]z4"]);

const SPECIFIC: Readonly<Record<string, string>> = {
  "]C1": "GS1-128",
  "]E0": "EAN-13/UPC-A",
  "]E4": "EAN-8",
  "]d1": "Data Matrix",
  "]d2": "GS1 DataMatrix",
  "]Q1": "QR Code",
  "]Q3": "GS1 QR Code",
  "]J1": "GS1 DotCode",
  "]L2": "PDF417",
  "]U0": "MaxiCode (mode 4/5)",
  "]U1": "MaxiCode (mode 2/3)",
};

export function describeAim(aim: string): AimInfo | undefined {
  if (!/^\][A-Za-z][0-9A-Za-z]$/.test(aim)) return undefined;
  const letter = aim[1] ?? "";
  const family = SYMBOLOGIES[letter];
  if (family === undefined) return undefined;
  return {
    aim,
    symbology: SPECIFIC[aim] ?? family,
    gs1: GS1_AIMS.has(aim),
    gtin: letter === "E" && (aim[2] === "0" || aim[2] === "4"),
  };
}

/** Split a leading AIM identifier off scanned text (as KeyboardBarcodeScanner does: `]` + 2 characters). */
export function splitAim(text: string): { aim: AimInfo | undefined; data: string } {
  if (text.length >= 3 && text[0] === "]") {
    const info = describeAim(text.slice(0, 3));
    if (info) return { aim: info, data: text.slice(3) };
  }
  return { aim: undefined, data: text };
}
