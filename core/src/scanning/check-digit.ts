/**
 * GS1 mod-10 check digit (GS1 General Specifications §7.9.1): weights 3,1,3,… from the rightmost
 * digit of the body; check = (10 − sum mod 10) mod 10. Used by GTIN-8/12/13/14, SSCC, GLN.
 */
export function gs1CheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new RangeError(`gs1CheckDigit: body must be digits, got ${JSON.stringify(body)}`);
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) sum += (body.charCodeAt(i) - 48) * w;
  return (10 - (sum % 10)) % 10;
}

/** True when `digits` (body followed by its check digit) carries a valid GS1 mod-10 check digit. */
export function hasValidGs1CheckDigit(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  return gs1CheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

/** A GTIN-8, -12, -13 or -14 with a valid check digit. */
export function isValidGtin(code: string): boolean {
  return /^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(code) && hasValidGs1CheckDigit(code);
}

/** Normalise a GTIN-8/12/13/14 to its 14-digit form (left-padded with zeros). */
export function toGtin14(code: string): string {
  return code.padStart(14, "0");
}
