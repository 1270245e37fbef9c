/**
 * What packing needs from the outside besides the store: drawing a shipping label and sending it to
 * a printer. `@pickpack/labels` implements both (the CLI and the gateway pass an adapter in), so the
 * data layer never imports the renderer.
 */
import type { ShippingLabelData } from "../labels/types.js";

export type LabelFormat = "pdf" | "zpl";
export type LabelDpi = 203 | 300;

export interface RenderedLabel {
  readonly format: LabelFormat;
  readonly dpi?: LabelDpi;
  readonly bytes: Uint8Array;
}

export interface ShippingLabelRenderer {
  render(data: ShippingLabelData, format: LabelFormat, dpi: LabelDpi): Promise<Uint8Array>;
}

export interface LabelPrinter {
  /** Send a rendered label to a printer target ("NAME", "tcp://HOST:9100", "file:PATH"). */
  print(target: string, label: RenderedLabel, title: string): Promise<{ readonly target: string; readonly jobId?: string; readonly bytes: number }>;
}
