/**
 * Latin transliteration for carriers that need the destination in Latin letters as well as in the
 * recipient's script: `transliterate: true` adds a Latin line under a non-Latin address
 * (any-ascii: Cyrillic and Greek by the usual romanisations, Arabic and Hebrew consonant by
 * consonant, Chinese as pinyin, kana as romaji, Hangul by the Revised Romanisation). Japanese
 * addresses written with kanji are left alone: their readings need a dictionary.
 */
import anyAscii from "any-ascii";
import type { LabelAddress } from "@pickpack/core";

export interface DocumentOptions {
  /** Add a Latin transliteration under every address that is not written in Latin letters. */
  readonly transliterate?: boolean;
}

const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;
const HAN = /\p{Script=Han}/u;

/** True when `text` has letters of a script other than Latin. */
export function isNonLatin(text: string): boolean {
  return NON_LATIN.test(text);
}

/** ASCII transliteration of `text`, spaces collapsed. */
export function transliterate(text: string): string {
  return anyAscii(text).replace(/\s+/g, " ").trim();
}

/** The Latin line for an address (name, street, postal code and city, country), or undefined when it is already Latin. */
export function addressTransliteration(a: Pick<LabelAddress, "name" | "street" | "city" | "country"> & Partial<LabelAddress>, opts: DocumentOptions | undefined): string | undefined {
  if (!opts?.transliterate) return undefined;
  const parts = [a.name, a.company ?? "", a.street, a.street2 ?? "", [a.postalCode ?? "", a.city].filter(Boolean).join(" "), a.region ?? "", a.country].filter((p) => p.trim() !== "");
  const all = parts.join(", ");
  // Kanji have Japanese readings a character table cannot know (山田 is Yamada, not "ShanTian"): a
  // wrong Latin line is worse than none, so Japanese addresses with kanji get no transliteration.
  if (a.country.toUpperCase() === "JP" && HAN.test(all)) return undefined;
  return isNonLatin(all) ? transliterate(all) : undefined;
}
