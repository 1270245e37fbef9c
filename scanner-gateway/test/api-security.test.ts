// API keys and hostile bodies: no key, a revoked key, a key without the scope → 401/403 and nothing written; the rate
// limit answers 429 with Retry-After; fuzzed bodies (types, sizes, nesting, unicode) never crash the gateway and write nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { revokeApiKey } from "@pickpack/data";
import { ORDER, backends, call, rowCounts, startApi, type ApiHarness } from "./api-harness.js";

for (const backend of backends) {
  describe.skipIf(!backend.available)(`API keys and scopes on ${backend.name}`, () => {
    let h: ApiHarness;
    afterEach(async () => h?.cleanup());

    it("no key, a wrong key, a revoked key: 401 problem on every route, nothing written", async () => {
      h = await startApi({ backend });
      const good = await h.key();
      const id = good.split("_")[1]!;
      await revokeApiKey(h.store, id, { now: Date.now(), actor: "test" });
      const wrongSecret = `${good.slice(0, -4)}AAAA`;
      const before = await rowCounts(h.store);
      for (const key of [undefined, "nonsense", wrongSecret, good]) {
        for (const [method, path, body] of [
          ["POST", "/v1/orders", ORDER("WEB-1")],
          ["POST", "/v1/orders/WEB-1/payment", { result: "succeeded" }],
          ["POST", "/v1/orders/WEB-1/cancel", { reason: "x" }],
          ["PATCH", "/v1/orders/WEB-1", { priority: 1 }],
          ["GET", "/v1/orders/WEB-1", undefined],
          ["GET", "/v1/orders", undefined],
          ["GET", "/v1/stock?sku=A", undefined],
        ] as const) {
          const r = await call(h.url, method, path, { ...(key ? { key } : {}), ...(body ? { body, idem: `i-${method}-${path}` } : {}) });
          expect(r.status, `${method} ${path} with ${key ?? "no key"}`).toBe(401);
          expect(r.headers.get("content-type")).toBe("application/problem+json");
          expect(r.headers.get("www-authenticate")).toContain("Bearer");
          expect(r.json).toMatchObject({ status: 401, code: "API_KEY_INVALID", type: "/v1/problems#API_KEY_INVALID" });
        }
      }
      expect(await rowCounts(h.store)).toEqual(before);
    });

    it("a key without the route's scope: 403, nothing written; with it the same request passes", async () => {
      h = await startApi({ backend });
      const readOnly = await h.key(["orders:read"], "reporting");
      const stockOnly = await h.key(["stock:read"], "marketplace");
      const before = await rowCounts(h.store);
      const post = await call(h.url, "POST", "/v1/orders", { key: readOnly, body: ORDER("WEB-1"), idem: "a" });
      expect(post.status).toBe(403);
      expect(post.json.code).toBe("API_SCOPE_MISSING");
      expect(post.json.detail).toContain("orders:write");
      expect((await call(h.url, "PATCH", "/v1/orders/WEB-1", { key: readOnly, body: { priority: 1 } })).status).toBe(403);
      expect((await call(h.url, "GET", "/v1/orders/WEB-1", { key: stockOnly })).status).toBe(403);
      expect((await call(h.url, "GET", "/v1/stock?sku=A", { key: readOnly })).status).toBe(403);
      expect(await rowCounts(h.store)).toEqual(before);
      expect((await call(h.url, "GET", "/v1/stock?sku=A", { key: stockOnly })).status).toBe(200);
      expect((await call(h.url, "GET", "/v1/orders", { key: readOnly })).status).toBe(200);
    });
  });
}

describe("API rate limit", () => {
  let h: ApiHarness;
  afterEach(async () => h?.cleanup());

  it("per key: the burst passes, then 429 with Retry-After; another key is not slowed", async () => {
    h = await startApi({ rateLimit: { perSecond: 0.5, burst: 3 } });
    const a = await h.key(["stock:read"], "a");
    const b = await h.key(["stock:read"], "b");
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(h.url, "GET", "/v1/stock?sku=A", { key: a })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await call(h.url, "GET", "/v1/stock?sku=A", { key: a });
    expect(limited.json.code).toBe("API_RATE_LIMITED");
    expect(limited.headers.get("retry-after")).toBe("2");
    expect((await call(h.url, "GET", "/v1/stock?sku=A", { key: b })).status).toBe(200);
  });
});

describe("API bodies", () => {
  let h: ApiHarness;
  let key: string;
  beforeAll(async () => {
    // hundreds of requests with one key: no rate limit in the way (429 would hide what the body gets)
    h = await startApi({ rateLimit: { perSecond: 1e6, burst: 1e6 } });
    key = await h.key();
  });
  afterAll(async () => h?.cleanup());

  it("not JSON, the wrong content type, too deep, too large: 400/413 problems, nothing written", async () => {
    const before = await rowCounts(h.store);
    const bad = await call(h.url, "POST", "/v1/orders", { key, raw: '{"number": ', idem: "b1" });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe("API_BODY_INVALID");
    const type = await call(h.url, "POST", "/v1/orders", { key, raw: "{}", idem: "b2", headers: { "content-type": "text/plain" } });
    expect(type.json.code).toBe("API_BODY_INVALID");
    const deep = await call(h.url, "POST", "/v1/orders", { key, raw: `${"[".repeat(200_000)}${"]".repeat(200_000)}`, idem: "b3" });
    expect(deep.status).toBe(400);
    expect(deep.json.code).toBe("API_BODY_TOO_DEEP");
    const large = await call(h.url, "POST", "/v1/orders", { key, raw: JSON.stringify({ ...ORDER("BIG"), customer: "x".repeat(3 * 1024 * 1024) }), idem: "b4" });
    expect(large.status).toBe(413);
    expect(large.json.code).toBe("API_BODY_TOO_LARGE");
    expect(await rowCounts(h.store)).toEqual(before);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  it("invalid fields: 422 with each field's pointer and the import's words, nothing written", async () => {
    const before = await rowCounts(h.store);
    const r = await call(h.url, "POST", "/v1/orders", { key, body: { ...ORDER("WEB-X"), lines: [{ sku: "B", quantiy: 2 }], shipTo: { ...ORDER("x").shipTo, country: "Germany" } }, idem: "v1" });
    expect(r.status).toBe(422);
    expect(r.json.code).toBe("API_REQUEST_INVALID");
    expect(r.json.errors).toEqual(
      expect.arrayContaining([
        { pointer: "#/lines/0/quantiy", field: "lines[0].quantiy", detail: 'unknown field; did you mean "quantity"?' },
        expect.objectContaining({ pointer: "#/shipTo/country", detail: expect.stringContaining("ISO 3166") }),
      ]),
    );
    const unknownSku = await call(h.url, "POST", "/v1/orders", { key, body: { orders: [ORDER("WEB-Y"), ORDER("WEB-Z", { lines: [{ sku: "NOPE", quantity: 1 }] })] }, idem: "v2" });
    expect(unknownSku.status).toBe(422);
    expect(unknownSku.json.errors).toEqual([{ pointer: "#/orders/1/lines/0/sku", field: "orders[1].lines[0].sku", detail: 'unknown SKU "NOPE"' }]);
    const counts = await rowCounts(h.store);
    // the unknown-SKU batch passed the schema, so its key holds its (refused) answer; nothing else was written
    expect({ ...counts, api_idempotency: 0 }).toEqual({ ...before, api_idempotency: 0 });
  });

  it("fuzzed bodies (any JSON: types, sizes, nesting, unicode; and raw text) never crash the gateway and write nothing", async () => {
    const before = await rowCounts(h.store);
    const unicode = fc.string({ unit: "binary", maxLength: 40 });
    const nested = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.jsonValue(), fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(unicode, tie("node"), { maxKeys: 3 })),
    })).node;
    const orderish = fc.record(
      {
        number: fc.oneof(unicode, fc.integer(), fc.constant("")),
        customer: fc.oneof(unicode, fc.constant(null)),
        shipTo: fc.oneof(fc.constant(ORDER("x").shipTo), nested),
        lines: fc.oneof(fc.array(fc.record({ sku: fc.oneof(unicode, fc.constant("B")), quantity: fc.oneof(fc.integer(), fc.double(), unicode) }), { maxLength: 3 }), nested),
        // never a valid payment: a fuzzed body must not be a valid order by chance
        payment: fc.oneof(fc.constant("bogus"), fc.integer(), fc.constant(null)),
      },
      { requiredKeys: ["payment"] },
    );
    const deepText = fc.integer({ min: 33, max: 5000 }).map((n) => `${"{\"a\":".repeat(n)}1${"}".repeat(n)}`);
    const body = fc.oneof(
      nested.map((v) => ({ raw: JSON.stringify(v) ?? "null" })),
      orderish.map((v) => ({ raw: JSON.stringify(v) })),
      fc.record({ orders: fc.array(orderish, { maxLength: 4 }) }).map((v) => ({ raw: JSON.stringify(v) })),
      fc.string({ unit: "grapheme", maxLength: 200 }).map((raw) => ({ raw })),
      deepText.map((raw) => ({ raw })),
    );
    const paths = fc.constantFrom("/v1/orders", "/v1/orders/SO%2F1/payment", "/v1/orders/SO-1/cancel", "/v1/orders/%E2%82%AC/cancel");
    let n = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, paths, async ({ raw }, path) => {
        const r = await call(h.url, "POST", path, { key, raw, idem: `fuzz-${n++}` });
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        expect(r.status).not.toBe(429);
        expect(r.headers.get("content-type")).toBe("application/problem+json");
        expect(typeof r.json.code).toBe("string");
      }),
      { numRuns: 300 },
    );
    // PATCH too
    await fc.assert(
      fc.asyncProperty(body, async ({ raw }) => {
        const r = await call(h.url, "PATCH", "/v1/orders/SO-1", { key, raw });
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
    console.log(`fuzzed answers by status: ${JSON.stringify(Object.fromEntries(statuses))}`);
    // refusals of well-formed requests (no such order) hold their idempotency answer; nothing else is written
    const after = await rowCounts(h.store);
    expect({ ...after, api_idempotency: 0 }).toEqual({ ...before, api_idempotency: 0 });
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect((await call(h.url, "GET", "/v1/stock?sku=A", { key })).status).toBe(200);
  });
});
