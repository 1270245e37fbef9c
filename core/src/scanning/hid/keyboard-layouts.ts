/**
 * Keyboard layouts as a scanner sees them: HID usage → [plain, with Shift, with AltGr].
 *
 * A keyboard-wedge scanner turns each character into a usage with its OWN keyboard-country setting,
 * so decoding must use the scanner's layout, not the host keymap. Usage IDs: USB HID Usage Tables,
 * Keyboard/Keypad page 0x07 (also hathach/tinyusb `src/class/hid/hid.h`). Key positions for German
 * (T1, QWERTZ) and French (AZERTY) follow the standard ISO 105-key layouts.
 */
export type LayoutName = "us" | "de" | "fr";
export const LAYOUT_NAMES: readonly LayoutName[] = ["us", "de", "fr"];

export type KeyChars = readonly [plain: string, shift: string, altGr?: string];
export type KeyboardLayout = ReadonlyMap<number, KeyChars>;

export const KEY_USAGE = {
  enter: 0x28,
  escape: 0x29,
  backspace: 0x2a,
  tab: 0x2b,
  space: 0x2c,
  rightBracketUs: 0x30,
  keypadEnter: 0x58,
  keypad1: 0x59,
  keypad0: 0x62,
  errorRollOver: 0x01,
} as const;

/** Keypad keys (NumLock on); the same in every layout. */
const KEYPAD: readonly (readonly [number, string])[] = [
  [0x54, "/"], [0x55, "*"], [0x56, "-"], [0x57, "+"],
  [0x59, "1"], [0x5a, "2"], [0x5b, "3"], [0x5c, "4"], [0x5d, "5"],
  [0x5e, "6"], [0x5f, "7"], [0x60, "8"], [0x61, "9"], [0x62, "0"], [0x63, "."],
];

function build(rows: readonly (readonly [number, string, string, string?])[]): KeyboardLayout {
  const m = new Map<number, KeyChars>();
  for (let i = 0; i < 26; i++) {
    const c = String.fromCharCode(97 + i);
    m.set(0x04 + i, [c, c.toUpperCase()]);
  }
  m.set(KEY_USAGE.space, [" ", " "]);
  for (const [usage, plain, shift, altGr] of rows) m.set(usage, altGr === undefined ? [plain, shift] : [plain, shift, altGr]);
  // Keypad last, so encoding prefers the main keys (what scanners send unless "emulate keypad" is on).
  for (const [usage, c] of KEYPAD) m.set(usage, [c, c]);
  return m;
}

function digitRow(plain: string, shift: string, altGr: Record<number, string> = {}): [number, string, string, string?][] {
  return [...plain].map((c, i) => [0x1e + i, c, [...shift][i] ?? c, altGr[0x1e + i]]);
}

const US = build([
  ...digitRow("1234567890", "!@#$%^&*()"),
  [0x2d, "-", "_"], [0x2e, "=", "+"], [0x2f, "[", "{"], [0x30, "]", "}"], [0x31, "\\", "|"], [0x32, "#", "~"],
  [0x33, ";", ":"], [0x34, "'", "\""], [0x35, "`", "~"], [0x36, ",", "<"], [0x37, ".", ">"], [0x38, "/", "?"],
  [0x64, "\\", "|"],
]);

const DE = build([
  [0x1c, "z", "Z"], [0x1d, "y", "Y"], // QWERTZ: Y and Z swap
  [0x14, "q", "Q", "@"], [0x08, "e", "E", "€"], [0x10, "m", "M", "µ"],
  ...digitRow("1234567890", "!\"§$%&/()=", { 0x1f: "²", 0x20: "³", 0x24: "{", 0x25: "[", 0x26: "]", 0x27: "}" }),
  [0x2d, "ß", "?", "\\"], [0x2e, "´", "`"], [0x2f, "ü", "Ü"], [0x30, "+", "*", "~"], [0x31, "#", "'"], [0x32, "#", "'"],
  [0x33, "ö", "Ö"], [0x34, "ä", "Ä"], [0x35, "^", "°"], [0x36, ",", ";"], [0x37, ".", ":"], [0x38, "-", "_"],
  [0x64, "<", ">", "|"],
]);

const FR = build([
  [0x04, "q", "Q"], [0x14, "a", "A"], [0x1a, "z", "Z"], [0x1d, "w", "W"], // AZERTY swaps
  [0x33, "m", "M"], [0x10, ",", "?"], [0x08, "e", "E", "€"],
  ...digitRow("&é\"'(-è_çà", "1234567890", { 0x1f: "~", 0x20: "#", 0x21: "{", 0x22: "[", 0x23: "|", 0x24: "`", 0x25: "\\", 0x26: "^", 0x27: "@" }),
  [0x2d, ")", "°", "]"], [0x2e, "=", "+", "}"], [0x2f, "^", "¨"], [0x30, "$", "£", "¤"], [0x31, "*", "µ"], [0x32, "*", "µ"],
  [0x34, "ù", "%"], [0x35, "²", "²"], [0x36, ";", "."], [0x37, ":", "/"], [0x38, "!", "§"],
  [0x64, "<", ">"],
]);

export const KEYBOARD_LAYOUTS: Readonly<Record<LayoutName, KeyboardLayout>> = { us: US, de: DE, fr: FR };

export function isLayoutName(s: string): s is LayoutName {
  return (LAYOUT_NAMES as readonly string[]).includes(s);
}
