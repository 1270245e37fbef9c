/** Colours for the pack station, with a monochrome fallback when NO_COLOR is set (https://no-color.org). */
export interface Theme {
  readonly color: boolean;
  readonly ok: string | undefined;
  readonly error: string | undefined;
  readonly warn: string | undefined;
  readonly info: string | undefined;
  readonly accent: string | undefined;
  readonly dim: boolean;
  /** Progress bar glyphs. */
  readonly full: string;
  readonly empty: string;
}

export const COLOR_THEME: Theme = { color: true, ok: "green", error: "red", warn: "yellow", info: "cyan", accent: "blueBright", dim: true, full: "█", empty: "░" };
export const MONO_THEME: Theme = { color: false, ok: undefined, error: undefined, warn: undefined, info: undefined, accent: undefined, dim: false, full: "#", empty: "." };

export function themeFor(env: Readonly<Record<string, string | undefined>>): Theme {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== "" ? MONO_THEME : COLOR_THEME;
}
