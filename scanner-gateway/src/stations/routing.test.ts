import { describe, expect, it } from "vitest";
import { localCommand } from "./routing.js";

const scan = (code: string) => ({ kind: "scan" as const, code });
const out = { loggedIn: false, phase: "idle" as const };
const scanning = { loggedIn: true, phase: "scanning" as const };
const refused = { loggedIn: true, phase: "weight-refused" as const };

describe("headless station routing of locally attached scanners and scales", () => {
  it("a badge (core's classification) logs in, overrides a refused weight, or logs out", () => {
    expect(localCommand("P1", scan("BADGE-0007"), out)).toEqual({ event: "session.login", payload: { badge: "BADGE-0007" } });
    expect(localCommand("P1", scan(" BADGE-0007\r"), out)).toEqual({ event: "session.login", payload: { badge: "BADGE-0007" } });
    expect(localCommand("P1", scan("BADGE-0011"), refused)).toEqual({ event: "pack.override", payload: { supervisorBadge: "BADGE-0011", reason: "supervisor badge scanned at station P1" } });
    expect(localCommand("P1", scan("BADGE-0007"), scanning)).toEqual({ event: "session.logout", payload: {} });
    // another packer's badge while someone is logged in switches packer
    expect(localCommand("P1", scan("BADGE-0008"), { ...scanning, otherBadge: true })).toEqual({ event: "session.login", payload: { badge: "BADGE-0008" } });
    // the site's scan rules decide what a badge is
    const rules = { rules: [{ kind: "badge" as const, prefix: "EMP" }] };
    expect(localCommand("P1", scan("EMP42"), out, rules)).toEqual({ event: "session.login", payload: { badge: "EMP42" } });
    expect(localCommand("P1", scan("BADGE-0007"), out, rules)).toEqual({ event: "pack.scan", payload: { code: "BADGE-0007" } });
  });

  it("command barcodes of core's command sheet act; other codes are pack scans", () => {
    expect(localCommand("P1", scan("CMD-CLOSE"), scanning)).toEqual({ event: "pack.close", payload: {} });
    expect(localCommand("P1", scan("cmd-weigh"), scanning)).toEqual({ event: "pack.weight", payload: {} });
    expect(localCommand("P1", scan("CMD-LOGOUT"), scanning)).toEqual({ event: "session.logout", payload: {} });
    // the packer flow interprets the rest of the sheet (and the detail after ":")
    expect(localCommand("P1", scan("CMD-NEXT"), scanning)).toEqual({ event: "pack.scan", payload: { code: "CMD-NEXT" } });
    expect(localCommand("P1", scan("CMD-EXCEPTION:damaged item"), scanning)).toEqual({ event: "pack.scan", payload: { code: "CMD-EXCEPTION:damaged item" } });
    expect(localCommand("P1", scan("4006381333931"), scanning)).toEqual({ event: "pack.scan", payload: { code: "4006381333931" } });
  });

  it("a stable weight counts only while the station waits for one, with someone logged in", () => {
    const w = { kind: "weight" as const, grams: 1234 };
    expect(localCommand("P1", w, { loggedIn: true, phase: "weigh" })).toEqual({ event: "pack.weight", payload: { grams: 1234 } });
    expect(localCommand("P1", w, refused)).toEqual({ event: "pack.weight", payload: { grams: 1234 } });
    expect(localCommand("P1", w, scanning)).toBeNull();
    expect(localCommand("P1", w, { loggedIn: false, phase: "weigh" })).toBeNull();
  });
});
