/** Loud refusals, quiet successes: a WebAudio beep and a vibration where the device has them. */
let ctx: AudioContext | null = null;

function beep(freq: number, ms: number, times: number): void {
  try {
    ctx ??= new AudioContext();
    const c = ctx;
    for (let i = 0; i < times; i++) {
      const o = c.createOscillator();
      const g = c.createGain();
      o.type = "square";
      o.frequency.value = freq;
      g.gain.value = 0.25;
      o.connect(g).connect(c.destination);
      const start = c.currentTime + (i * ms * 1.6) / 1000;
      o.start(start);
      o.stop(start + ms / 1000);
    }
  } catch {
    // no audio on this device: colour and vibration still say it
  }
}

export function feedback(kind: "ok" | "refused"): void {
  if (kind === "refused") {
    beep(220, 180, 3);
    navigator.vibrate?.([200, 80, 200, 80, 200]);
  } else {
    beep(1320, 60, 1);
    navigator.vibrate?.(40);
  }
}
