/**
 * The dashboard screen: pure, from a snapshot. Fits 80×24 (two columns: orders per hour beside the status
 * distribution, pick rates, then the alerts) and grows with the terminal (more hours, pickers, alerts).
 */
import { Box, Text } from "ink";
import type { Theme } from "../theme.js";
import { fit, safe } from "../format.js";
import type { DashboardSnapshot } from "./snapshot.js";

export interface DashboardViewProps {
  readonly snapshot: DashboardSnapshot | null;
  readonly theme: Theme;
  readonly columns: number;
  readonly rows: number;
  readonly refreshSeconds: number;
  /** The last poll's error, shown in the footer (the previous snapshot stays on screen). */
  readonly error?: string | undefined;
}

const barOf = (theme: Theme, value: number, max: number, width: number) => (max <= 0 || value <= 0 ? "" : theme.full.repeat(Math.max(1, Math.round((value / max) * width))));

export function DashboardView({ snapshot: s, theme, columns, rows, refreshSeconds, error }: DashboardViewProps) {
  const width = Math.max(40, columns);
  const height = Math.max(24, rows);
  const header = ` PICKPACK DASHBOARD · ${s?.warehouse ? `warehouse ${safe(s.warehouse)}` : "all warehouses"} · ${s ? s.clock : "loading…"} `;
  const footer = error ? `poll failed: ${safe(error)} (retrying every ${refreshSeconds}s) · q quits` : `refreshes every ${refreshSeconds}s · q quits`;
  if (!s) {
    return (
      <Box flexDirection="column" width={width}>
        <Text bold inverse>{fit(header, width)}</Text>
        <Text>{fit("reading the database…", width)}</Text>
        <Text dimColor={theme.dim}>{fit(footer, width)}</Text>
      </Box>
    );
  }
  // Rows: header 1, top block (title + n), pickers block (title + m), alerts (title + k), footer 1.
  const spare = height - 24;
  const topRows = 8 + Math.floor(spare / 2);
  const pickerRows = 4 + Math.floor(spare / 4);
  const alertRows = height - 1 - (1 + topRows) - (1 + pickerRows) - 1 - 1;
  const half = Math.floor(width / 2);
  const hours = s.hours.slice(-topRows);
  const maxHour = Math.max(0, ...hours.map((h) => h.packed));
  const statuses = s.statuses.slice(0, topRows);
  const maxStatus = Math.max(0, ...statuses.map((x) => x.count));
  const pickers = s.pickers.slice(0, pickerRows);
  const maxRate = Math.max(0, ...pickers.map((p) => p.unitsPerHour ?? 0));
  const alerts = s.alerts.slice(0, Math.max(1, alertRows));
  const hiddenAlerts = s.alerts.length - alerts.length;

  const left = [
    ...hours.map((h) => {
      const label = `${h.hour} ${String(h.packed).padStart(4)} `;
      return fit(label + barOf(theme, h.packed, maxHour, half - label.length - 2), half);
    }),
  ];
  const right = statuses.map((x) => {
    const label = `${fit(x.status, 16)}${String(x.count).padStart(6)} `;
    return fit(label + barOf(theme, x.count, maxStatus, width - half - label.length - 1), width - half);
  });
  const pad = (list: string[], n: number, w: number) => [...list, ...Array<string>(Math.max(0, n - list.length)).fill(" ".repeat(w))].slice(0, n);
  const leftRows = pad(left.length > 0 ? left : [fit("no orders packed today", half)], topRows, half);
  const rightRows = pad(right.length > 0 ? right : [fit("no open orders", width - half)], topRows, width - half);

  return (
    <Box flexDirection="column" width={width}>
      <Text bold inverse={!theme.color} color={theme.accent}>
        {fit(header, width)}
      </Text>
      <Box>
        <Text bold>{fit(`Orders packed/hour · today ${s.today.packed} units`, half)}</Text>
        <Text bold>{fit("Open orders by state", width - half)}</Text>
      </Box>
      {leftRows.map((l, i) => (
        <Box key={`t${i}`}>
          <Text color={theme.info}>{l}</Text>
          <Text>{rightRows[i]}</Text>
        </Box>
      ))}
      <Text bold>{fit(`Pick rate per picker, units per active hour · today ${s.today.picked} units picked`, width)}</Text>
      {pad(
        pickers.length > 0
          ? pickers.map((p) => {
              const label = `${fit(safe(p.person), 20)} ${String(p.units).padStart(6)} u ${(p.unitsPerHour === null ? "–" : String(p.unitsPerHour)).padStart(7)}/h `;
              return fit(label + barOf(theme, p.unitsPerHour ?? 0, maxRate, width - label.length - 1), width);
            })
          : [fit("nobody picked today", width)],
        pickerRows,
        width,
      ).map((l, i) => (
        <Text key={`p${i}`}>{l}</Text>
      ))}
      <Text bold color={s.alerts.length > 0 ? theme.error : theme.ok}>
        {fit(s.alerts.length > 0 ? `Alerts: ${s.alerts.length} firing` : "Alerts: all quiet", width)}
      </Text>
      {pad(
        alerts.map((a, i) => fit(`${i === alerts.length - 1 && hiddenAlerts > 0 ? `(+${hiddenAlerts} more) ` : ""}✗ [${a.rule}] ${safe(a.message)}`, width)),
        Math.max(1, alertRows),
        width,
      ).map((l, i) => (
        <Text key={`a${i}`} color={theme.warn}>
          {l}
        </Text>
      ))}
      <Text dimColor={theme.dim} color={error ? theme.error : undefined}>
        {fit(footer, width)}
      </Text>
    </Box>
  );
}
