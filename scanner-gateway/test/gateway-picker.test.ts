import { afterEach, expect, it } from "vitest";
import { GatewayRepo } from "@pickpack/data";
import { pickerFlow } from "../src/flows/picker-flow.js";
import { call, startTestGateway, type TestGateway } from "./helpers.js";

let t: TestGateway | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

it("the picker flow wraps the picking service: no released trip is a recorded refusal that changes nothing", async () => {
  t = await startTestGateway({ picker: pickerFlow });
  const s = await t.connect((await t.pair("picker")).token);
  await call(s, "session.login", { scanId: "l", badge: "BADGE-0001" });
  expect(await call(s, "pick.next", {})).toEqual({ ok: true, data: { task: null } });
  const r = await call(s, "pick.scan", { scanId: "p1", code: "A-01-01-A" });
  expect(r).toMatchObject({ ok: false, error: { code: "PICK_NOTHING_RELEASED" } });
  const repo = new GatewayRepo(t.store);
  expect((await repo.findScan((await repo.listDevices())[0]!.id, "p1"))?.code).toBe("PICK_NOTHING_RELEASED");
  expect((await repo.readFeed((await repo.listDevices())[0]!.id, 0, 10)).items.map((i) => i.type)).toEqual(["session"]);
});
