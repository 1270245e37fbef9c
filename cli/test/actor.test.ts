// Who acted: `--actor NAME`, else PICKPACK_ACTOR, else cli:<login name>; the audit trail shows it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "@pickpack/core";
import { runCli } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "pickpack-actor-"));
const db = join(dir, "demo.db");
const clock = new ManualClock("2026-11-22T08:00:00Z");
const cli = (args: string[], env: Record<string, string> = {}) => runCli(["--db", db, ...args], { clock, cwd: dir, env });
let pending: string[] = [];

const lastActor = async (order: string): Promise<string> => {
  const r = await cli(["audit", order, "--json"]);
  expect(r.code, r.stderr).toBe(0);
  const history = JSON.parse(r.stdout) as { actor: string }[];
  return history.at(-1)!.actor;
};

beforeAll(async () => {
  expect((await runCli(["demo", "--db-path", db, "--no-shift"], { clock, cwd: dir })).code).toBe(0);
  const list = await cli(["orders", "list", "--status", "PaymentPending", "--json"]);
  pending = (JSON.parse(list.stdout) as { number: string }[]).map((o) => o.number);
  expect(pending.length).toBeGreaterThanOrEqual(5);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the actor of a CLI action", () => {
  it("is --actor NAME, after the command or before it", async () => {
    const pay = await cli(["orders", "pay", pending[0]!, "--result", "success", "--actor", "alice"], { USER: "bob" });
    expect(pay.code, pay.stderr).toBe(0);
    expect(await lastActor(pending[0]!)).toBe("alice");
    const human = await cli(["audit", pending[0]!]);
    expect(human.stdout).toMatch(/PaymentPending\s+Confirmed\s+.*alice/);

    const before = await runCli(["--actor", "carol", "--db", db, "orders", "pay", pending[1]!, "--result", "success"], { clock, cwd: dir, env: { USER: "bob" } });
    expect(before.code, before.stderr).toBe(0);
    expect(await lastActor(pending[1]!)).toBe("carol");
  });

  it("is PICKPACK_ACTOR when --actor is not given", async () => {
    const r = await cli(["orders", "cancel", pending[2]!, "--reason", "customer request"], { PICKPACK_ACTOR: "supervisor-dana", USER: "bob" });
    expect(r.code, r.stderr).toBe(0);
    expect(await lastActor(pending[2]!)).toBe("supervisor-dana");
  });

  it("falls back to cli:$USER, and to the system's user name when $USER and $LOGNAME are unset (never cli:unknown)", async () => {
    const withUser = await cli(["orders", "pay", pending[3]!, "--result", "failed", "--reason", "card declined"], { USER: "erin" });
    expect(withUser.code, withUser.stderr).toBe(0);
    expect(await lastActor(pending[3]!)).toBe("cli:erin");
    const bare = await cli(["orders", "pay", pending[4]!, "--result", "success"], {});
    expect(bare.code, bare.stderr).toBe(0);
    expect(await lastActor(pending[4]!)).toBe(`cli:${userInfo().username}`);
  });

  it("refuses an actor with control characters (exit 2)", async () => {
    const r = await cli(["orders", "pay", pending[0]!, "--result", "success", "--actor", "eve\u001b[2J"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ACTOR_INVALID");
  });
});
