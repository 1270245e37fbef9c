/**
 * The pack station screen. Reads the client's state, turns scans and keys into client calls, and
 * keeps only UI state (which prompt or menu is open). Works from 80x24 up; wider terminals put the
 * scale beside the order lines, taller ones show more lines.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { ReactNode } from "react";
import { Box, Text, useInput } from "ink";
import type { ClientState, ScanOutcome, SpecialKey, Timers } from "@pickpack/client";
import type { StationAction } from "@pickpack/core";
import { EXCEPTION_REASONS, OVERRIDE_REASONS } from "@pickpack/core";
import { WedgeReader, systemTimers } from "@pickpack/client";
import { BannerView, ConnectionLine, bannerRows, Header, HelpBar, Menu, OrderLines, Prompt, ScalePanel, StatusLine, Summary, connectionText } from "./components.js";
import type { HelpKey } from "./components.js";
import type { Theme } from "./theme.js";
import { safe, wrapWords } from "./format.js";
import type { WeightUnit } from "./format.js";

/** What the screen needs from the client (PackClient implements it). */
export interface StationClient {
  readonly station: string;
  getState(): ClientState;
  subscribe(listener: (s: ClientState) => void): () => void;
  scan(code: string, quantity?: number): ScanOutcome;
  action(action: StationAction, detail?: string): ScanOutcome;
  weigh(grams?: number): ScanOutcome;
  override(supervisorBadge: string, reason: string): ScanOutcome;
  dismissBanner(): void;
}

export interface AppProps {
  readonly client: StationClient;
  readonly theme: Theme;
  readonly unit: WeightUnit;
  readonly columns: number;
  readonly rows: number;
  readonly now?: () => number;
  readonly timers?: Timers;
  /** Called when the packer quits (q twice, or after log-out's summary). */
  readonly onQuit?: () => void;
}

type Mode =
  | { kind: "main" }
  | { kind: "quantity"; value: string }
  | { kind: "manual"; value: string }
  | { kind: "short"; value: string }
  | { kind: "grams"; value: string }
  | { kind: "exception"; selected: number }
  | { kind: "override"; badge: string; selected: number }
  | { kind: "override-wait" }
  | { kind: "summary"; loggingOut: boolean };

const K = (key: string, label: string): HelpKey => ({ key, label });
/** The help bar shows the keys that make sense in the current phase (it must fit 80 columns). */
function helpKeys(phase: string | undefined): readonly HelpKey[] {
  const always = [K("M", "type code"), K("S", "summary"), K("L", "log out")];
  switch (phase) {
    case "scanning":
      return [K("Q", "qty"), K("C", "close carton"), K("E", "exception"), ...always];
    case "weigh":
      return [K("W", "weigh"), K("G", "type grams"), K("E", "exception"), ...always];
    case "weight-refused":
      return [K("W", "re-weigh"), K("G", "type grams"), K("O", "override"), K("E", "exception"), ...always];
    case "labelled":
      return [K("R", "reprint"), K("N", "next carton"), K("E", "exception"), ...always];
    default:
      return [K("M", "type code"), K("S", "summary"), K("L", "log out"), K("Esc", "clear message")];
  }
}

export function App({ client, theme, unit, columns, rows, now = () => Date.now(), timers, onQuit }: AppProps) {
  const state = useSyncExternalStore(client.subscribe, client.getState);
  const [mode, setMode] = useState<Mode>({ kind: "main" });
  const [quantity, setQuantity] = useState<number | null>(null);
  const modeRef = useRef(mode);
  modeRef.current = mode;
  // Keys can arrive several in one tick (a paste, fast typing): each must see the mode the one before set,
  // not the last rendered one.
  const setModeNow = useCallback((next: Mode) => {
    modeRef.current = next;
    setMode(next);
  }, []);
  const qtyRef = useRef(quantity);
  qtyRef.current = quantity;
  const stateRef = useRef(state);
  stateRef.current = state;

  const handlers = useMemo(() => {
    const onOutcome = (out: ScanOutcome) => {
      if (out.kind === "override") setModeNow({ kind: "override", badge: out.badge, selected: 0 });
      else if (out.kind === "ui") {
        if (out.action === "summary") setModeNow({ kind: "summary", loggingOut: false });
        else if (out.action === "exception") setModeNow({ kind: "exception", selected: 0 });
        else setModeNow({ kind: "short", value: "" });
      } else if (modeRef.current.kind === "override-wait") setModeNow({ kind: "main" });
    };
    const onScan = (code: string) => {
      const m = modeRef.current;
      // digits typed fast into a number prompt look like a scanner burst: they are the prompt's answer
      if ((m.kind === "grams" || m.kind === "quantity" || m.kind === "short") && /^\d{1,7}$/.test(code.trim())) {
        setModeNow({ kind: "main" });
        const n = Number.parseInt(code.trim(), 10);
        if (m.kind === "grams") return n > 0 ? onOutcome(client.weigh(n)) : undefined;
        if (m.kind === "quantity") return n > 0 ? setQuantity(n) : undefined;
        return onOutcome(client.action("short", String(n)));
      }
      const q = qtyRef.current;
      setQuantity(null);
      if (modeRef.current.kind === "manual" || modeRef.current.kind === "quantity") setModeNow({ kind: "main" });
      onOutcome(client.scan(code, q ?? undefined));
    };
    const mainKey = (ch: string, special?: SpecialKey) => {
      if (special === "escape") {
        client.dismissBanner();
        setQuantity(null);
        return;
      }
      switch (ch.toLowerCase()) {
        case "q":
          return setModeNow({ kind: "quantity", value: "" });
        case "m":
          return setModeNow({ kind: "manual", value: "" });
        case "r":
          return onOutcome(client.action("reprint"));
        case "c":
          return onOutcome(client.action("close-carton"));
        case "n":
          return onOutcome(client.action("next-carton"));
        case "e":
          return setModeNow({ kind: "exception", selected: 0 });
        case "w":
          return onOutcome(client.weigh(stateRef.current.scale?.stable ? Math.round(stateRef.current.scale.grams) : undefined));
        case "o":
          return setModeNow({ kind: "override-wait" });
        case "g":
          return setModeNow({ kind: "grams", value: "" });
        case "s":
          return setModeNow({ kind: "summary", loggingOut: false });
        case "l":
          if (stateRef.current.user === null) return;
          client.action("logout");
          return setModeNow({ kind: "summary", loggingOut: true });
        default:
          return;
      }
    };
    const textKey = (m: Extract<Mode, { value: string }>, ch: string, special?: SpecialKey) => {
      if (special === "escape") return setModeNow({ kind: "main" });
      if (special === "backspace") return setModeNow({ ...m, value: m.value.slice(0, -1) });
      if (special === "return") {
        setModeNow({ kind: "main" });
        if (m.kind === "quantity") {
          const n = Number.parseInt(m.value, 10);
          if (Number.isInteger(n) && n > 0) setQuantity(n);
          return;
        }
        if (m.value.trim() === "") return;
        if (m.kind === "grams") {
          const g = Number.parseInt(m.value, 10);
          if (Number.isInteger(g) && g > 0) onOutcome(client.weigh(g));
          return;
        }
        if (m.kind === "manual") return onOutcome(client.scan(m.value.trim(), qtyRef.current ?? undefined));
        return onOutcome(client.action("short", m.value.trim()));
      }
      if (special) return;
      if ((m.kind === "quantity" || m.kind === "short" || m.kind === "grams") && !/^\d$/.test(ch)) return;
      if (m.value.length < 64) setModeNow({ ...m, value: m.value + ch });
    };
    const menuKey = (items: readonly string[], selected: number, ch: string, special: SpecialKey | undefined, choose: (item: string) => void, move: (i: number) => void) => {
      if (special === "escape") return setModeNow({ kind: "main" });
      if (special === "up") return move((selected + items.length - 1) % items.length);
      if (special === "down") return move((selected + 1) % items.length);
      const pick = special === "return" ? selected : /^[1-9]$/.test(ch) ? Number(ch) - 1 : -1;
      const item = items[pick];
      if (item !== undefined) {
        setModeNow({ kind: "main" });
        choose(item);
      }
    };
    const onKey = (ch: string, special?: SpecialKey) => {
      const m = modeRef.current;
      switch (m.kind) {
        case "main":
          return mainKey(ch, special);
        case "quantity":
        case "manual":
        case "short":
        case "grams":
          return textKey(m, ch, special);
        case "exception":
          return menuKey(EXCEPTION_REASONS, m.selected, ch, special, (r) => onOutcome(client.action("exception", r)), (i) => setModeNow({ ...m, selected: i }));
        case "override":
          return menuKey(OVERRIDE_REASONS, m.selected, ch, special, (r) => onOutcome(client.override(m.badge, r)), (i) => setModeNow({ ...m, selected: i }));
        case "override-wait":
          if (special === "escape") setModeNow({ kind: "main" });
          return;
        case "summary":
          if (m.loggingOut && ch.toLowerCase() === "q") return onQuit?.();
          setModeNow({ kind: "main" });
          return;
      }
    };
    return { onScan, onKey };
  }, [client, onQuit, setModeNow]);

  const wedge = useMemo(
    () =>
      new WedgeReader(handlers, timers ?? systemTimers, now),
    [handlers, timers, now],
  );
  useEffect(() => () => wedge.dispose(), [wedge]);

  useInput((input, key) => {
    const special: SpecialKey | undefined = key.return
      ? "return"
      : key.escape
        ? "escape"
        : key.backspace || key.delete
          ? "backspace"
          : key.upArrow
            ? "up"
            : key.downArrow
              ? "down"
              : key.tab
                ? "tab"
                : undefined;
    if (key.ctrl) return;
    wedge.push(special ? "" : input, special);
  });

  const width = Math.max(40, columns);
  const wide = width >= 110;
  const st = state.station;

  // ---------------------------------------------------------------- overlays
  let overlay: ReactNode = null;
  switch (mode.kind) {
    case "quantity":
      overlay = <Prompt label="Quantity for the next item scan" value={mode.value} hint="type a number, Enter to set, Esc to cancel" />;
      break;
    case "manual":
      overlay = <Prompt label="Type a barcode" value={mode.value} hint="Enter to send it as a scan, Esc to cancel" />;
      break;
    case "short":
      overlay = <Prompt label="Short: how many were found" value={mode.value} hint="type a number, Enter to report the short, Esc to cancel" />;
      break;
    case "grams":
      overlay = <Prompt label="Weight from the scale display (g)" value={mode.value} hint="type the grams, Enter to send them as the carton's weight, Esc to cancel" />;
      break;
    case "exception":
      overlay = <Menu title="Exception: what is wrong?" items={EXCEPTION_REASONS} selected={mode.selected} width={width} />;
      break;
    case "override":
      overlay = <Menu title={`Supervisor override by ${safe(mode.badge)}: reason`} items={OVERRIDE_REASONS} selected={mode.selected} width={width} />;
      break;
    case "override-wait":
      overlay = <Prompt label="Supervisor override" value="" hint="Supervisor: scan your badge now (Esc to cancel)" />;
      break;
    case "summary":
      overlay = (
        <Box flexDirection="column">
          <Summary stats={state.stats} user={state.user?.name ?? null} width={width} now={now()} previous={state.previousSession} />
          <Text>{mode.loggingOut ? "Logged out. Scan a badge to log in, Q to quit." : "Any key to go back."}</Text>
        </Box>
      );
      break;
    default:
      break;
  }

  // ---------------------------------------------------------------- screens
  if (state.user === null && !(mode.kind === "summary" && mode.loggingOut)) {
    const login = state.pending.some((c) => c.event === "session.login");
    return (
      <Box flexDirection="column" width={width} height={rows}>
        <Header state={state} theme={theme} width={width} station={client.station} />
        <ConnectionLine state={state} theme={theme} />
        <Box flexGrow={1} flexDirection="column" justifyContent="center" alignItems="center">
          <Text bold color={theme.info}>
            {login ? "Logging in…" : "Scan your badge to log in"}
          </Text>
          <Text>{`${connectionText(state).label.toLowerCase()} · station ${safe(state.device?.station ?? client.station)}`}</Text>
        </Box>
        <BannerView banner={state.banner} theme={theme} width={width} />
        {overlay}
        <HelpBar keys={[{ key: "M", label: "type badge" }, { key: "Ctrl+C", label: "quit" }]} width={width} />
      </Box>
    );
  }

  const tone = state.banner?.level === "error" || st?.phase === "weight-refused" || st?.next.startsWith("Printer error") ? "error" : st?.phase === "packed" ? "done" : "normal";
  const noScale = (st?.phase === "weigh" || st?.phase === "weight-refused") && state.scale === null && !(st.next ?? "").startsWith("Printer error");
  const nextText =
    mode.kind === "override-wait"
      ? "Supervisor: scan your badge"
      : quantity !== null
        ? `Quantity ${quantity}: scan the item`
        : noScale && st?.phase === "weigh"
          ? "Place the carton on the scale — no scale reading: press G to type the weight from the scale's display"
          : (st?.next ?? "Scan a tote or an order");
  const fixedRows = 3 /* header+conn+last */ + 3 /* status */ + 1 /* help */ + 2 /* scale */ + 1 /* order title */ + (state.banner && !(overlay && rows < 40) ? bannerRows(state.banner, width) : 0);
  const maxLines = Math.max(1, rows - fixedRows - (overlay ? 9 : 0));
  const lastScan = state.lastScan;
  return (
    <Box flexDirection="column" width={width}>
      <Header state={state} theme={theme} width={width} station={client.station} />
      <ConnectionLine state={state} theme={theme} />
      {overlay && rows < 40 ? null : <BannerView banner={state.banner} theme={theme} width={width} />}
      {st && st.orderNumber ? (
        wide ? (
          <Box>
            <OrderLines station={st} theme={theme} width={width - 46} maxLines={maxLines} />
            <Box marginLeft={2}>
              <ScalePanel station={st} scale={state.scale} theme={theme} unit={unit} width={44} />
            </Box>
          </Box>
        ) : (
          <>
            <OrderLines station={st} theme={theme} width={width} maxLines={maxLines} />
            <ScalePanel station={st} scale={state.scale} theme={theme} unit={unit} width={width} />
          </>
        )
      ) : (
        <>
          <Text>{st?.phase === "packed" ? "" : "No order open."}</Text>
          <ScalePanel station={st} scale={state.scale} theme={theme} unit={unit} width={width} />
        </>
      )}
      {st?.trackingNumber ? (
        <Text>{wrapWords(`Label ${safe(st.trackingNumber)}${st.sscc ? ` SSCC ${safe(st.sscc)}` : ""}${st.label ? ` → ${safe(st.label)}` : " — not printed yet"}`, width).join("\n")}</Text>
      ) : null}
      {overlay}
      <StatusLine text={nextText} theme={theme} width={width} tone={tone} />
      <Text>
        {lastScan ? `Last scan ${safe(lastScan.code)} · ${lastScan.status === "queued" ? "waiting for the gateway" : lastScan.status === "ok" ? "accepted" : "REFUSED"}` : " "}
        {quantity !== null ? `   qty ${quantity}` : ""}
      </Text>
      <HelpBar keys={helpKeys(st?.phase)} width={width} />
    </Box>
  );
}
