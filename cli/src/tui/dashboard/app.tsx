/** The live dashboard: polls `load` every few seconds (never two polls at once), shows the last snapshot, q quits. */
import { useEffect, useRef, useState } from "react";
import { useApp, useInput } from "ink";
import type { Theme } from "../theme.js";
import type { DashboardSnapshot } from "./snapshot.js";
import { DashboardView } from "./view.js";

export interface DashboardAppProps {
  readonly load: () => Promise<DashboardSnapshot>;
  readonly refreshMs: number;
  readonly theme: Theme;
  readonly columns: number;
  readonly rows: number;
  readonly onQuit?: () => void;
}

export function DashboardApp({ load, refreshMs, theme, columns, rows, onQuit }: DashboardAppProps) {
  const [snapshot, setSnapshot] = useState<DashboardSnapshot | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const busy = useRef(false);
  const app = useApp();
  useEffect(() => {
    let alive = true;
    const poll = async () => {
      if (busy.current) return;
      busy.current = true;
      try {
        const s = await load();
        if (alive) {
          setSnapshot(s);
          setError(undefined);
        }
      } catch (e) {
        if (alive) setError(e instanceof Error ? e.message : String(e));
      } finally {
        busy.current = false;
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), refreshMs);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [load, refreshMs]);
  useInput((input) => {
    if (input === "q" || input === "Q") {
      onQuit?.();
      app.exit();
    }
  });
  return <DashboardView snapshot={snapshot} theme={theme} columns={columns} rows={rows} refreshSeconds={Math.round(refreshMs / 100) / 10} error={error} />;
}
