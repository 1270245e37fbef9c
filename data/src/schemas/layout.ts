// The warehouse layout file (`pickpack route --layout`, `pickpack import layouts`): shape checks with zod,
// then the domain's semantic checks (core `layoutProblems`). Every problem names the file and the field.
import type { InputIssue, Layout, Result } from "@pickpack/core";
import { InputError, err, layoutProblems, ok } from "@pickpack/core";
import { z } from "zod";

export const layoutSchema = z.object({
  warehouse: z.string().trim().min(1, "must be a non-empty warehouse code"),
  aisles: z.number().int().min(1),
  aisleLength: z.number().positive(),
  aisleSpacing: z.number().positive(),
  crossAisles: z.number().int().min(2, "must be at least 2 (front and back cross aisles included)"),
  depot: z.object({ x: z.number().min(0), y: z.number() }),
});

/** zod issues as InputIssues: `field` is the dotted path with array indices as `[i]`. */
export function zodIssues(error: z.ZodError, file: string | undefined, prefix = ""): InputIssue[] {
  return error.issues.map((issue) => {
    const field =
      prefix +
      issue.path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 && !prefix ? String(part) : `.${String(part)}`)).join("");
    return { ...(file !== undefined ? { file } : {}), ...(field ? { field } : {}), message: issue.message };
  });
}

const withFile = (issues: readonly InputIssue[], file: string | undefined, prefix = ""): InputIssue[] =>
  issues.map((i) => ({ ...(file !== undefined ? { file } : {}), ...i, ...(i.field !== undefined ? { field: prefix ? `${prefix}.${i.field}` : i.field } : {}) }));

/**
 * Validate a parsed JSON value as a layout. `prefix` names where the layout sits inside a bigger file
 * (e.g. `[2]` for the third layout of an import file).
 */
export function safeParseLayout(value: unknown, file?: string, prefix = ""): Result<Layout, InputError> {
  const parsed = layoutSchema.safeParse(value);
  const where = file ?? "layout";
  if (!parsed.success) {
    return err(new InputError("LAYOUT_INVALID", `${where}: not a valid warehouse layout`, zodIssues(parsed.error, file, prefix)));
  }
  const layout: Layout = parsed.data;
  const problems = layoutProblems(layout);
  if (problems.length > 0) {
    return err(new InputError("LAYOUT_INVALID", `${where}: not a valid warehouse layout`, withFile(problems, file, prefix)));
  }
  return ok(layout);
}

/** Like `safeParseLayout`, throwing the InputError. */
export function parseLayout(value: unknown, file?: string): Layout {
  const r = safeParseLayout(value, file);
  if (!r.ok) throw r.error;
  return r.value;
}

/** Parse JSON text (a file's contents); a syntax error becomes an InputError naming the file. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError("JSON_INVALID", `${file}: not valid JSON`, [{ file, message: e instanceof Error ? e.message : String(e) }]);
  }
}

/** Parse a layout file's text. */
export function parseLayoutJson(text: string, file: string): Layout {
  return parseLayout(parseJsonText(text, file), file);
}
