/**
 * The only host globals the client uses beyond ECMAScript: timers, which browsers and Node both have.
 * Declared here instead of pulling in Node's or the DOM's types, so that using `process`, `Buffer`,
 * `window` or `document` fails to compile.
 */
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
