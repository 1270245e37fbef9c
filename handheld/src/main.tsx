/** Entry of the handheld page: opens the offline queue, starts the model, draws the app, registers the service worker. */
import { render } from "preact";
import type { DeviceInfo, ErrorBody } from "@pickpack/core";
import { App } from "./app.js";
import { feedback } from "./feedback.js";
import { IdbQueueStore } from "./idb-queue.js";
import { LazyTransport } from "./lazy-transport.js";
import { PickerModel } from "./model.js";
import "./style.css";

async function pair(code: string): Promise<{ token: string; device: DeviceInfo } | { error: ErrorBody }> {
  const res = await fetch("/v1/pair", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code }) });
  return (await res.json()) as { token: string; device: DeviceInfo } | { error: ErrorBody };
}

async function main(): Promise<void> {
  performance.mark("pickpack:script");
  const queue = await IdbQueueStore.open();
  performance.mark("pickpack:queue");
  const model = new PickerModel({
    queue,
    storage: localStorage,
    // the browser's default: long-polling first, then upgrade to websocket
    transport: (token) => new LazyTransport({ url: location.origin, token, transports: ["polling", "websocket"], reconnectionDelayMax: 2000 }),
    pair,
    now: () => Date.now(),
    feedback,
  });
  (globalThis as { pickpack?: PickerModel }).pickpack = model; // for the bench and the browser tests
  render(<App model={model} />, document.getElementById("app")!);
  performance.mark("pickpack:rendered");
  requestAnimationFrame(() => setTimeout(() => performance.mark("pickpack:painted"), 0));
  model.start();
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => undefined);
}

void main();
