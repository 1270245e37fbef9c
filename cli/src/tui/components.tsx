/** Pure pack station components: they receive state and callbacks, never a socket. */
import { Box, Text } from "ink";
import type { StationState } from "@pickpack/core";
import type { Banner as BannerState, ClientState, ClosedSession, ScaleReading, SessionStats } from "@pickpack/client";
import { secondsPerOrder, sessionMinutes, sessionText } from "@pickpack/client";
import type { Theme } from "./theme.js";
import { bar, displayWeight, fit, safe, wrapWords } from "./format.js";
import type { WeightUnit } from "./format.js";

export function Header({ state, theme, width, station: fallback }: { state: ClientState; theme: Theme; width: number; station: string }) {
  const user = state.user ? safe(state.user.name) : "nobody logged in";
  const station = safe(state.station?.station ?? state.device?.station ?? fallback);
  return (
    <Box width={width} justifyContent="space-between">
      <Text bold inverse={!theme.color} color={theme.accent}>
        {` PACK ${station} `}
      </Text>
      <Text>{fit(user, Math.max(10, width - 40))}</Text>
      <ConnectionPill state={state} theme={theme} />
    </Box>
  );
}

export function connectionText(state: ClientState): { label: string; detail: string } {
  const c = state.connection;
  const waiting = state.pending.length;
  const sync = waiting === 0 ? "nothing waiting" : `${waiting} scan${waiting === 1 ? "" : "s"} waiting to sync`;
  switch (c.status) {
    case "connected":
      return { label: "CONNECTED", detail: waiting === 0 ? "" : sync };
    case "connecting":
      return { label: "CONNECTING", detail: sync };
    case "reconnecting":
      return { label: "RECONNECTING", detail: `${sync}${c.error ? ` (${safe(c.error)})` : ""}` };
    case "offline":
      return { label: "OFFLINE", detail: `${sync}, kept until the gateway is back` };
    case "refused":
      return { label: "REFUSED", detail: `${safe(c.error ?? "the gateway refused this station")}; pair the station again` };
  }
}

export function ConnectionPill({ state, theme }: { state: ClientState; theme: Theme }) {
  const { label } = connectionText(state);
  const color = state.connection.status === "connected" ? theme.ok : state.connection.status === "refused" ? theme.error : theme.warn;
  const mark = state.connection.status === "connected" ? "●" : "○";
  return (
    <Text bold color={color} inverse={!theme.color && state.connection.status !== "connected"}>
      {`${mark} ${label}${state.pending.length > 0 ? ` (${state.pending.length} waiting)` : ""}`}
    </Text>
  );
}

export function ConnectionLine({ state, theme }: { state: ClientState; theme: Theme }) {
  const { label, detail } = connectionText(state);
  if (state.connection.status === "connected" && detail === "") return null;
  return (
    <Text color={state.connection.status === "connected" ? theme.info : theme.warn} wrap="truncate-end">
      {`${label}: ${detail}`}
    </Text>
  );
}

/** How many screen rows a banner takes (every line wrapped, none cut). */
export function bannerRows(banner: BannerState, width: number): number {
  if (banner.level !== "error") return wrapWords(safe(`✓ ${banner.title}`), width).length;
  return 3 + banner.lines.reduce((n, l) => n + wrapWords(safe(l), Math.max(8, width - 4)).length, 0);
}

export function BannerView({ banner, theme, width }: { banner: BannerState | null; theme: Theme; width: number }) {
  if (!banner) return null;
  const color = banner.level === "error" ? theme.error : banner.level === "ok" ? theme.ok : theme.info;
  if (banner.level !== "error") {
    // gateway messages (e.g. "Carton 1 closed: SSCC …, tracking …") are long: wrapped at spaces, never cut
    return (
      <Text color={color} bold>
        {wrapWords(safe(`✓ ${banner.title}`), width).join("\n")}
      </Text>
    );
  }
  const inner = Math.max(8, width - 4); // border and padding
  return (
    <Box borderStyle={theme.color ? "bold" : "double"} borderColor={color} flexDirection="column" width={width} paddingX={1}>
      <Text bold color={color} inverse={!theme.color}>
        {` ✖ ${safe(banner.title)} `}
      </Text>
      {banner.lines.map((l, i) => (
        <Text key={i}>{wrapWords(safe(l), inner).join("\n")}</Text>
      ))}
    </Box>
  );
}

export function OrderLines({ station, theme, width, maxLines }: { station: StationState; theme: Theme; width: number; maxLines: number }) {
  const barW = Math.max(6, Math.min(24, Math.floor(width / 5)));
  const qtyW = 7;
  const skuW = Math.min(16, Math.max(8, ...station.lines.map((l) => safe(l.sku).length)));
  const descW = Math.max(6, width - barW - qtyW - skuW - 6);
  const shown = station.lines.slice(0, maxLines);
  const done = station.lines.reduce((n, l) => n + l.packed, 0);
  const total = station.lines.reduce((n, l) => n + l.expected, 0);
  return (
    <Box flexDirection="column" width={width}>
      <Box justifyContent="space-between">
        <Text bold>{`Order ${safe(station.orderNumber)}`}</Text>
        <Text>{`${done}/${total} items`}</Text>
        {station.cartonNo ? <Text>{`Carton ${station.cartonNo}${station.cartonsClosed ? ` (${station.cartonsClosed} closed)` : ""}`}</Text> : null}
        <Text>
          {station.box
            ? `Box ${safe(station.box)}${station.suggestedBox && station.suggestedBox !== station.box ? ` (suggested ${safe(station.suggestedBox)})` : ""}`
            : `Box ${safe(station.suggestedBox ?? "—")}${station.suggestedBox ? " (suggested)" : ""}`}
        </Text>
      </Box>
      {shown.map((l) => {
        const complete = l.packed >= l.expected;
        return (
          <Text key={l.sku} color={complete ? theme.ok : undefined}>
            {`${complete ? "✓" : " "} ${fit(safe(l.sku), skuW)} ${fit(safe(l.description), descW)} `}
            <Text color={complete ? theme.ok : theme.accent}>{bar(l.packed, l.expected, barW, theme.full, theme.empty)}</Text>
            {` ${`${l.packed}/${l.expected}`.padStart(qtyW - 1)}`}
          </Text>
        );
      })}
      {station.lines.length > shown.length ? <Text>{`  … ${station.lines.length - shown.length} more lines`}</Text> : null}
      {station.elsewhere && station.elsewhere.length > 0 ? (
        <Text color={theme.info}>
          {wrapWords(`Ships from another warehouse in its own carton (not packed here): ${station.elsewhere.map((e) => `${e.quantity} × ${safe(e.sku)} from ${safe(e.warehouse)}`).join(", ")}`, width).join("\n")}
        </Text>
      ) : null}
    </Box>
  );
}

export function ScalePanel({ station, scale, theme, unit, width }: { station: StationState | null; scale: ScaleReading | null; theme: Theme; unit: WeightUnit; width: number }) {
  const reading = scale ? `${Math.round(scale.grams)} g  ${unit === "g" ? "" : displayWeight(scale.grams, unit)}` : "no reading";
  const motion = scale ? (scale.stable ? "STABLE" : "IN MOTION") : "";
  const exp = station?.expectedGrams ?? null;
  const tol = station?.toleranceGrams ?? null;
  const measured = station?.measuredGrams ?? null;
  const outside = exp !== null && measured !== null && tol !== null && Math.abs(measured - exp) > tol;
  return (
    <Box flexDirection="column" width={width}>
      <Text>
        {"Scale    "}
        <Text bold>{reading}</Text>
        {"  "}
        <Text color={scale?.stable ? theme.ok : theme.warn} inverse={!theme.color && !!scale && !scale.stable}>
          {motion}
        </Text>
      </Text>
      <Text>
        {"Expected "}
        {exp === null ? "—" : `${exp} g ± ${tol ?? 0} g  (${displayWeight(exp, unit)})`}
        {measured !== null ? (
          <Text color={outside ? theme.error : theme.ok} bold={outside}>
            {`  measured ${measured} g${outside ? " OUTSIDE" : " ok"}`}
          </Text>
        ) : null}
      </Text>
    </Box>
  );
}

export function StatusLine({ text, theme, width, tone }: { text: string; theme: Theme; width: number; tone: "normal" | "error" | "done" }) {
  const color = tone === "error" ? theme.error : tone === "done" ? theme.ok : theme.info;
  return (
    <Box borderStyle={theme.color ? "round" : "single"} borderColor={color} width={width} paddingX={1}>
      <Text bold color={color}>
        {wrapWords(`▶ ${safe(text)}`, Math.max(8, width - 4)).join("\n")}
      </Text>
    </Box>
  );
}

export interface HelpKey {
  readonly key: string;
  readonly label: string;
}

export function HelpBar({ keys, width }: { keys: readonly HelpKey[]; width: number }) {
  const parts: string[] = [];
  let used = 0;
  for (const k of keys) {
    const s = `${k.key} ${k.label}`;
    if (used + s.length + 2 > width) break;
    parts.push(s);
    used += s.length + 2;
  }
  return <Text inverse>{fit(parts.join("  "), width)}</Text>;
}

export function Summary({ stats, user, width, now, previous }: { stats: SessionStats; user: string | null; width: number; now: number; previous?: ClosedSession | null }) {
  const avg = secondsPerOrder(stats);
  const rows: [string, string][] = [
    ["Orders packed", String(stats.ordersPacked)],
    ["Items", String(stats.items)],
    ["Cartons", String(stats.cartons)],
    ["Mis-scans", String(stats.misScans)],
    ["Average per order", avg === null ? "—" : `${avg.toFixed(1)} s`],
    ["Session", `${sessionMinutes(stats, now)} min`],
  ];
  return (
    <Box flexDirection="column" borderStyle="double" width={Math.min(width, 50)} paddingX={1}>
      <Text bold>{`Session summary${user ? ` — ${safe(user)}` : ""}`}</Text>
      {rows.map(([k, v]) => (
        <Text key={k}>{`${k.padEnd(20)}${v.padStart(10)}`}</Text>
      ))}
      {previous ? <Text>{wrapWords(`Closed: ${safe(previous.user.name)}'s session (${sessionText(previous.stats, previous.endedAt)})`, Math.min(width, 50) - 4).join("\n")}</Text> : null}
    </Box>
  );
}

export function Menu({ title, items, selected, width }: { title: string; items: readonly string[]; selected: number; width: number }) {
  return (
    <Box flexDirection="column" borderStyle="single" width={Math.min(width, 60)} paddingX={1}>
      <Text bold>{title}</Text>
      {items.map((it, i) => (
        <Text key={it} inverse={i === selected}>{`${i + 1}. ${it}`}</Text>
      ))}
      <Text>{"1-9 or ↑↓ + Enter to choose, Esc to go back"}</Text>
    </Box>
  );
}

export function Prompt({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text bold>{`${label}: ${safe(value)}▏`}</Text>
      <Text>{hint}</Text>
    </Box>
  );
}
