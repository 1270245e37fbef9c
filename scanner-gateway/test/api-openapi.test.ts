// The OpenAPI document: valid OpenAPI 3.1 (checked by an independent validator), every route listed, the request
// schemas generated from the very schemas the file import validates with, served at /v1/openapi.json without a key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { z } from "zod";
import { orderSchema as apiOrderSchema } from "@pickpack/data";
import { orderSchema as importOrderSchema } from "../../data/src/imports/schemas.js";
import { openApiDocument, requestSchema } from "../src/api/openapi.js";
import { call, startApi, type ApiHarness } from "./api-harness.js";

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>; components: { schemas: Record<string, Record<string, unknown>> } };

describe("OpenAPI document", () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi({ seed: false });
  });
  afterAll(async () => h?.cleanup());

  it("is served at /v1/openapi.json without a key and is valid OpenAPI 3.1", async () => {
    const r = await call(h.url, "GET", "/v1/openapi.json");
    expect(r.status).toBe(200);
    const doc = r.json as unknown as Doc;
    expect(doc.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    // the validator does reject a broken document
    expect((await new Validator().validate({ ...doc, paths: { "/x": { get: { responses: 5 } } } } as unknown as Record<string, unknown>)).valid).toBe(false);
  });

  it("lists every route with its methods, and every $ref resolves", () => {
    const doc = openApiDocument() as unknown as Doc;
    const routes = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        "POST /v1/orders",
        "GET /v1/orders",
        "GET /v1/orders/{number}",
        "PATCH /v1/orders/{number}",
        "POST /v1/orders/{number}/payment",
        "POST /v1/orders/{number}/cancel",
        "GET /v1/stock",
        "POST /v1/carrier-events",
        "GET /v1/openapi.json",
        "GET /v1/problems",
      ].sort(),
    );
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const name of refs) expect(doc.components.schemas[name], name).toBeDefined();
    // every operation but the two documents needs a key with a scope
    for (const [path, item] of Object.entries(doc.paths)) for (const op of Object.values(item)) expect(op.security?.length ?? 0, path).toBe(path === "/v1/openapi.json" || path === "/v1/problems" ? 0 : 1);
  });

  it("generates the order schema from the file import's schema (one source of truth)", () => {
    expect(apiOrderSchema).toBe(importOrderSchema);
    const doc = openApiDocument() as unknown as Doc;
    const order = doc.components.schemas.Order!;
    expect(order).toEqual(requestSchema(importOrderSchema));
    expect(Object.keys(order.properties as object).sort()).toEqual(Object.keys(importOrderSchema.shape).sort());
    // the generated constraints are the import's: a required field stays required, a defaulted one becomes optional
    expect(order.required).toEqual(expect.arrayContaining(["number", "customer", "shipTo", "lines"]));
    expect(order.required).not.toContain("priority");
    const generated = z.toJSONSchema(importOrderSchema, { target: "draft-2020-12", io: "output", unrepresentable: "any" }) as { properties: Record<string, unknown> };
    expect((order.properties as Record<string, unknown>).shipTo).toEqual(generated.properties.shipTo);
    expect((order.properties as Record<string, { items: { properties: { quantity: unknown } } }>).lines!.items.properties.quantity).toEqual({ type: "number", minimum: 1 });
  });

  it("GET /v1/problems lists each code with its status", async () => {
    const r = await call(h.url, "GET", "/v1/problems");
    expect(r.json).toMatchObject({ API_KEY_INVALID: { status: 401 }, API_SCOPE_MISSING: { status: 403 }, API_IDEMPOTENCY_KEY_REUSED: { status: 422 }, ORDER_NOT_CANCELLABLE: { status: 409 } });
  });
});
