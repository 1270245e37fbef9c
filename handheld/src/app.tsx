/**
 * The handheld's screens (360×640 up to tablets; one hand, gloves, sunlight: big type, high contrast,
 * large touch targets). The scan field keeps the focus without opening the on-screen keyboard
 * (inputmode="none"): a wedge scanner types the barcode and Enter into it.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { PickerModel, View } from "./model.js";

function useView(model: PickerModel): View {
  const [v, setV] = useState<View>(model.view());
  useEffect(() => model.subscribe(setV), [model]);
  return v;
}

function ScanField({ model, hint }: { model: PickerModel; hint: string }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const keep = () => {
      const a = document.activeElement;
      if (a && a !== ref.current && (a.tagName === "INPUT" || a.tagName === "BUTTON")) return;
      ref.current?.focus({ preventScroll: true });
    };
    keep();
    const i = setInterval(keep, 500);
    document.addEventListener("click", keep);
    return () => {
      clearInterval(i);
      document.removeEventListener("click", keep);
    };
  });
  return (
    <input
      ref={ref}
      id="scan"
      class="scan"
      inputMode="none"
      autoComplete="off"
      autoCapitalize="off"
      spellcheck={false}
      aria-label="scan"
      placeholder={hint}
      onKeyDown={(e) => {
        if (e.key !== "Enter" && e.key !== "Tab") return;
        e.preventDefault();
        const el = e.currentTarget;
        const code = el.value;
        el.value = "";
        if (code.trim()) void model.scan(code);
      }}
      onBlur={(e) => {
        const el = e.currentTarget;
        setTimeout(() => {
          const a = document.activeElement;
          if (!a || a === document.body) el.focus({ preventScroll: true });
        }, 0);
      }}
    />
  );
}

function StatusBar({ v }: { v: View }) {
  return (
    <header class={v.online ? "bar online" : "bar offline"} id="status">
      <span>{v.online ? (v.waiting > 0 ? `online — sending ${v.waiting}` : "online") : `offline — ${v.waiting} scan${v.waiting === 1 ? "" : "s"} waiting`}</span>
      <span>{v.user ? v.user.name : (v.device?.name ?? "")}</span>
    </header>
  );
}

function NoticeBox({ v }: { v: View }) {
  const n = v.notice;
  if (!n) return null;
  return (
    <div id="notice" class={`notice ${n.kind}`} role={n.kind === "refused" ? "alert" : "status"}>
      <strong>{n.title}</strong>
      {n.detail ? <div>{n.detail}</div> : null}
    </div>
  );
}

function Refusals({ v, model }: { v: View; model: PickerModel }) {
  const r = v.refusals[0];
  if (!r) return null;
  return (
    <div class="overlay" id="refusal" role="alertdialog">
      <div class="notice refused">
        <div class="small">
          refused after reconnecting ({v.refusals.length} to see)
        </div>
        <strong>{r.title}</strong>
        <div>{r.detail}</div>
        <button class="big" id="refusal-ok" onClick={() => model.dismissRefusal()}>
          OK
        </button>
      </div>
    </div>
  );
}

function Pair({ v, model }: { v: View; model: PickerModel }) {
  const [code, setCode] = useState("");
  return (
    <main class="screen" id="screen-pair">
      <h1>Pair this handheld</h1>
      <p>Enter the pairing code a supervisor printed (pickpack devices pair --role picker).</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void model.pair(code);
        }}
      >
        <input id="pair-code" class="text" value={code} autoCapitalize="characters" autoComplete="off" placeholder="ABC-DEFGH" onInput={(e) => setCode(e.currentTarget.value)} />
        <button class="big primary" id="pair">
          Pair
        </button>
      </form>
      {v.pairError ? (
        <div class="notice refused" role="alert" id="pair-error">
          {v.pairError}
        </div>
      ) : null}
    </main>
  );
}

function Stop({ v, model, camera }: { v: View; model: PickerModel; camera: () => void }) {
  const t = v.task;
  const [qty, setQty] = useState(false);
  if (!t) {
    return (
      <main class="screen" id="screen-stop">
        <div class="stop-done">Stop done (offline)</div>
        <p>The next stop shows as soon as the handheld is back online. Scans you make now are kept and sent in order.</p>
      </main>
    );
  }
  const left = t.quantity - t.picked;
  return (
    <main class="screen" id="screen-stop">
      <div class="progress" id="progress">
        stop {t.position} of {t.of}
        {t.of > t.position ? `, ${t.of - t.position} to go` : ", last stop"}
        {t.metresToGo !== undefined ? `, ${t.metresToGo} m to walk` : ""}
      </div>
      <div class={v.atLocation ? "location done" : "location"} id="location">
        {t.location}
      </div>
      <div class="sku" id="sku">
        {t.sku}
      </div>
      <div class="name">{t.description}</div>
      <div class="row">
        <div class="qty" id="qty">
          {t.picked}/{t.quantity}
        </div>
        <div class="tote" id="tote">
          {t.tote ? `tote ${t.tote}` : ""}
        </div>
      </div>
      <div class="order">order {t.orderNumber}</div>
      <div class="hint" id="hint">
        {v.stopDoneOffline ? "stop done (offline): next stop when back online" : v.atLocation ? `scan the item: ${left} to pick${v.quantity > 1 ? ` (next scan counts ${v.quantity})` : ""}` : `go to ${t.location} and scan the location`}
        {v.unconfirmed ? <span class="unconfirmed"> · not confirmed yet</span> : null}
      </div>
      {qty ? (
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            const n = Number((e.currentTarget.elements.namedItem("q") as HTMLInputElement).value);
            model.setQuantity(n);
            setQty(false);
          }}
        >
          <input name="q" id="qty-input" class="text" inputMode="numeric" type="number" min={1} max={left} autoFocus placeholder="how many" />
          <button class="big primary">Set</button>
        </form>
      ) : null}
      <nav class="actions">
        <button class="big" id="btn-qty" onClick={() => setQty(!qty)}>
          Qty
        </button>
        <button class="big" id="btn-short" onClick={() => void model.action("short")}>
          Short
        </button>
        <button class="big" id="btn-skip" onClick={() => void model.action("skip")}>
          Skip
        </button>
        <button class="big" id="btn-camera" onClick={camera}>
          Camera
        </button>
      </nav>
    </main>
  );
}

function Short({ v, model }: { v: View; model: PickerModel }) {
  const t = v.task!;
  const [found, setFound] = useState(String(t.picked));
  const n = Number(found);
  return (
    <main class="screen" id="screen-short">
      <h1>Short pick at {t.location}</h1>
      <p>
        {t.quantity} × {t.sku} expected. How many did you find in all?
      </p>
      <input id="short-found" class="text" inputMode="numeric" type="number" min={0} max={t.quantity - 1} value={found} onInput={(e) => setFound(e.currentTarget.value)} />
      <nav class="actions col">
        <button class="big primary" id="short-found-btn" onClick={() => void model.short(n)}>
          Found {Number.isFinite(n) ? n : "?"}
        </button>
        <button class="big" id="short-damaged" onClick={() => void model.short(n, "damaged")}>
          Damaged: {Number.isFinite(n) ? n : "?"} good
        </button>
        <button class="big" id="short-empty" onClick={() => void model.short(t.picked, "location empty")}>
          Location empty
        </button>
        <button class="big" id="short-cancel" onClick={() => model.cancelShort()}>
          Cancel
        </button>
      </nav>
    </main>
  );
}

function scanHint(v: View): string {
  switch (v.screen) {
    case "login":
      return "scan badge";
    case "drop":
      return "scan pack station";
    case "stop":
      return v.atLocation ? "scan item" : "scan location";
    default:
      return "scan";
  }
}

export function App({ model }: { model: PickerModel }) {
  const v = useView(model);
  const video = useRef<HTMLVideoElement>(null);
  const [cam, setCam] = useState<null | (() => void)>(null);
  const openCamera = () => {
    void import("./camera.js").then(({ scanWithCamera }) => {
      if (!video.current) return;
      const c = scanWithCamera(video.current);
      setCam(() => c.stop);
      c.result.then(
        (code) => {
          setCam(null);
          void model.scan(code);
        },
        () => setCam(null),
      );
    });
  };
  let body;
  switch (v.screen) {
    case "pair":
      body = <Pair v={v} model={model} />;
      break;
    case "login":
      body = (
        <main class="screen" id="screen-login">
          <h1>Scan your badge</h1>
          <p>{v.device ? `Handheld ${v.device.name}` : ""}</p>
        </main>
      );
      break;
    case "trip":
      body = (
        <main class="screen" id="screen-trip">
          <h1>No trip in hand</h1>
          {v.lastTrip ? <p id="last-trip">{v.lastTrip}</p> : null}
          <button class="big primary huge" id="btn-next-trip" onClick={() => void model.takeNext()}>
            Take next trip
          </button>
          <button class="big" id="btn-logout" onClick={() => void model.action("logout")}>
            Log out
          </button>
        </main>
      );
      break;
    case "drop":
      body = (
        <main class="screen" id="screen-drop">
          <h1>Trip picked</h1>
          <p class="hint">Take the totes to a pack station and scan the station's code (e.g. P1).</p>
          {v.totes.length > 0 ? (
            <ul class="totes" id="totes">
              {v.totes.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          ) : null}
        </main>
      );
      break;
    case "short":
      body = <Short v={v} model={model} />;
      break;
    case "stop":
      body = <Stop v={v} model={model} camera={openCamera} />;
      break;
  }
  return (
    <div class="app">
      <StatusBar v={v} />
      <NoticeBox v={v} />
      {/* one scan field for every screen: never re-created, so a scan typed as the screen changes is not cut */}
      {v.screen !== "pair" ? <ScanField model={model} hint={scanHint(v)} /> : null}
      {body}
      <Refusals v={v} model={model} />
      <div class={cam ? "overlay" : "hidden"}>
        <video ref={video} class="camera" playsInline muted />
        <button class="big" onClick={() => cam?.()}>
          Close camera
        </button>
      </div>
    </div>
  );
}
