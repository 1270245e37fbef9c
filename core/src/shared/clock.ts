/** Time enters the domain only through a Clock (or an explicit `now` argument). */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** A clock that only moves when told to: for tests and simulations (xstate's SimulatedClock idea). */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number | string = 0) {
    this.#now = typeof start === "string" ? Date.parse(start) : start;
  }
  now(): number {
    return this.#now;
  }
  set(ms: number | string): void {
    this.#now = typeof ms === "string" ? Date.parse(ms) : ms;
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}
