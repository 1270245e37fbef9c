/**
 * SSCC (Serial Shipping Container Code, AI 00): extension digit + GS1 company prefix + serial
 * reference + GS1 mod-10 check digit = exactly 18 digits (GS1 General Specifications §2.2.1).
 * Serial references come from a store sequence, so an SSCC is never issued twice.
 */
import { gs1CheckDigit, hasValidGs1CheckDigit } from "../scanning/check-digit.js";
import { DomainError, InputError } from "../shared/errors.js";

/** A durable, gap-tolerant counter. The store implements it (one row per sequence name). */
export interface SerialSequence {
  /** The next value of the named sequence; strictly increasing, never returned twice. Starts at 1. */
  next(name: string): Promise<number>;
}

export interface SsccConfig {
  /** 0-9, chosen by the company (often the packaging level). */
  readonly extensionDigit: number;
  /** The GS1 company prefix licensed to the company: 6 to 12 digits. */
  readonly companyPrefix: string;
}

/** Digits available to the serial reference for a given prefix: 16 - prefix length. */
export function ssccSerialDigits(config: SsccConfig): number {
  return 16 - config.companyPrefix.length;
}

export function validateSsccConfig(config: SsccConfig): void {
  const issues: { field: string; message: string }[] = [];
  if (!Number.isInteger(config.extensionDigit) || config.extensionDigit < 0 || config.extensionDigit > 9) {
    issues.push({ field: "extensionDigit", message: `must be a digit 0-9, got ${String(config.extensionDigit)}` });
  }
  if (!/^\d{6,12}$/.test(config.companyPrefix)) {
    issues.push({ field: "companyPrefix", message: `must be 6 to 12 digits, got ${JSON.stringify(config.companyPrefix)}` });
  }
  if (issues.length > 0) throw new InputError("SSCC_CONFIG_INVALID", "invalid SSCC configuration", issues);
}

/** Build the SSCC for one serial reference (pure). */
export function buildSscc(config: SsccConfig, serialReference: number): string {
  validateSsccConfig(config);
  const digits = ssccSerialDigits(config);
  if (!Number.isSafeInteger(serialReference) || serialReference < 0 || serialReference >= 10 ** digits) {
    throw new DomainError(
      "SSCC_SERIAL_EXHAUSTED",
      `SSCC serial reference ${serialReference} does not fit in ${digits} digits for company prefix ${config.companyPrefix}`,
    );
  }
  const body = `${config.extensionDigit}${config.companyPrefix}${String(serialReference).padStart(digits, "0")}`;
  return body + String(gs1CheckDigit(body));
}

export function isValidSscc(sscc: string): boolean {
  return /^\d{18}$/.test(sscc) && hasValidGs1CheckDigit(sscc);
}

/** Issues SSCCs from a SerialSequence; the sequence is named per prefix so prefixes never collide. */
export class SsccAllocator {
  readonly #config: SsccConfig;
  readonly #sequence: SerialSequence;
  constructor(config: SsccConfig, sequence: SerialSequence) {
    validateSsccConfig(config);
    this.#config = config;
    this.#sequence = sequence;
  }
  get sequenceName(): string {
    return `sscc:${this.#config.extensionDigit}${this.#config.companyPrefix}`;
  }
  async next(): Promise<string> {
    return buildSscc(this.#config, await this.#sequence.next(this.sequenceName));
  }
}

/** An in-memory SerialSequence for tests and the demo. */
export class InMemorySerialSequence implements SerialSequence {
  readonly #values = new Map<string, number>();
  constructor(start: Record<string, number> = {}) {
    for (const [k, v] of Object.entries(start)) this.#values.set(k, v);
  }
  async next(name: string): Promise<number> {
    const v = (this.#values.get(name) ?? 0) + 1;
    this.#values.set(name, v);
    return v;
  }
}
