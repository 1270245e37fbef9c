/**
 * The handheld page's static files as gateway routes: `/` and `/pick` are the page (index.html, never
 * cached without revalidation), `/assets/*` are Vite's content-hashed files (cached for a year,
 * immutable), the other top-level files of the build (the service worker, the manifest, icons) are
 * revalidated on every load. Only files inside the build directory are served: the path is decoded,
 * normalised and checked against the directory, so `..`, encoded slashes and NUL bytes get a 404.
 */
import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Route } from "./router.js";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
};

export const IMMUTABLE = "public, max-age=31536000, immutable";
export const REVALIDATE = "no-cache";

export interface StaticOptions {
  /** The built page (handheld/dist). */
  readonly root: string;
}

/** The file a URL path names inside `root`, or undefined (outside the root, not a file, bad encoding). */
export function resolveStatic(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0") || decoded.includes("\\") || decoded.split("/").some((p) => p === "..")) return undefined;
  const base = resolve(root);
  const file = resolve(base, "." + decoded);
  if (!file.startsWith(base + sep)) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function serveFile(req: IncomingMessage, res: ServerResponse, file: string, cache: string): void {
  const size = statSync(file).size;
  res.writeHead(200, {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "content-length": String(size),
    "cache-control": cache,
    "x-content-type-options": "nosniff",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function notFound(res: ServerResponse, message: string): void {
  res.writeHead(404, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify({ error: { code: "NOT_FOUND", message } }));
}

const pathOf = (req: IncomingMessage): string => (req.url ?? "/").split("?")[0] ?? "/";

/** The routes: the page at `/` and `/pick`, hashed assets, and the build's other top-level files. */
export function staticRoutes(o: StaticOptions): Route[] {
  const index = join(o.root, "index.html");
  const page: Route["handle"] = (req, _send, res) => {
    if (!existsSync(index)) return notFound(res, "the handheld page is not built (npm run build)");
    serveFile(req, res, index, REVALIDATE);
  };
  const routes: Route[] = [
    { method: ["GET", "HEAD"], path: "/", handle: page },
    { method: ["GET", "HEAD"], path: "/pick", handle: page },
    {
      method: ["GET", "HEAD"],
      path: "/assets/*",
      handle: (req, _send, res) => {
        const file = resolveStatic(o.root, pathOf(req));
        if (!file) return notFound(res, `no file ${pathOf(req)}`);
        serveFile(req, res, file, IMMUTABLE);
      },
    },
  ];
  let top: string[] = [];
  try {
    top = readdirSync(o.root, { withFileTypes: true })
      .filter((d) => d.isFile() && d.name !== "index.html")
      .map((d) => d.name);
  } catch {
    // not built: the page route says so
  }
  for (const name of top) {
    routes.push({
      method: ["GET", "HEAD"],
      path: `/${name}`,
      handle: (req, _send, res) => {
        const file = resolveStatic(o.root, `/${name}`);
        if (!file) return notFound(res, `no file /${name}`);
        serveFile(req, res, file, REVALIDATE);
      },
    });
  }
  return routes;
}
