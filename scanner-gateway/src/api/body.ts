/**
 * Reading a JSON request body safely: a byte limit (checked on Content-Length first, then while
 * reading), the content type, a nesting-depth limit checked on the text before parsing (so no
 * parser or validator recursion can overflow the stack), and JSON syntax errors as problems.
 */
import type { IncomingMessage } from "node:http";
import { ApiProblem } from "./problem.js";

export const MAX_BODY_BYTES = 2 * 1024 * 1024;
export const MAX_BODY_DEPTH = 32;

export async function readJson(req: IncomingMessage, limits: { maxBytes?: number; maxDepth?: number } = {}): Promise<unknown> {
  const maxBytes = limits.maxBytes ?? MAX_BODY_BYTES;
  const maxDepth = limits.maxDepth ?? MAX_BODY_DEPTH;
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json" && !type.endsWith("+json")) {
    req.resume();
    throw new ApiProblem("API_BODY_INVALID", `the body must be JSON with Content-Type: application/json (got ${JSON.stringify(type || "none")})`);
  }
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      req.resume();
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  const depth = nestingDepth(text);
  if (depth > maxDepth) throw new ApiProblem("API_BODY_TOO_DEEP", `the body nests arrays or objects ${depth > 10_000 ? "more than 10000" : depth} levels deep; at most ${maxDepth} are accepted`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ApiProblem("API_BODY_INVALID", `the body is not valid JSON: ${(e as Error).message}`);
  }
}

function tooLarge(max: number): ApiProblem {
  return new ApiProblem("API_BODY_TOO_LARGE", `the body is larger than ${max} bytes (send a large batch in several requests)`, { headers: { connection: "close" } });
}

/** The deepest nesting of [ and { outside strings (stops counting past 10000). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
      if (max > 10_000) return max;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}
