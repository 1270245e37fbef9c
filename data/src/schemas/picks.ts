// The pick-points file of `pickpack route --picks`: a JSON array of { "aisle": i, "y": number }.
import type { Layout, PickPoint } from "@pickpack/core";
import { InputError, pickProblems } from "@pickpack/core";
import { z } from "zod";
import { parseJsonText, zodIssues } from "./layout.js";

export const pickPointSchema = z.object({
  aisle: z.number().int().min(0),
  y: z.number().min(0),
});
export const picksSchema = z.array(pickPointSchema).max(10_000);

/** Validate a parsed JSON value as pick points; with a layout, also check that each lies inside it. */
export function parsePicks(value: unknown, file?: string, layout?: Layout): PickPoint[] {
  const where = file ?? "picks";
  const parsed = picksSchema.safeParse(value);
  if (!parsed.success) throw new InputError("PICKS_INVALID", `${where}: not a valid list of pick points`, zodIssues(parsed.error, file));
  const picks = parsed.data;
  if (layout) {
    const problems = pickProblems(layout, picks);
    if (problems.length > 0) {
      throw new InputError(
        "PICKS_INVALID",
        `${where}: pick points outside warehouse ${layout.warehouse}`,
        problems.map((p) => ({ ...(file !== undefined ? { file } : {}), ...p })),
      );
    }
  }
  return picks;
}

export function parsePicksJson(text: string, file: string, layout?: Layout): PickPoint[] {
  return parsePicks(parseJsonText(text, file), file, layout);
}
