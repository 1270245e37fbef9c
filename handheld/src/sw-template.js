/*
 * The handheld's service worker: keeps this build's page and assets so the page opens with no network.
 * Navigations go to the network first (a new build is picked up at once) and fall back to the kept page;
 * hashed assets come from the cache. Socket.IO and the API are never cached.
 */
const VERSION = "__VERSION__";
const CACHE = `pickpack-handheld-${VERSION}`;
const PRECACHE = __PRECACHE__;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("pickpack-handheld-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/socket.io/") || url.pathname.startsWith("/v1/") || url.pathname === "/healthz") return;
  if (event.request.mode === "navigate") {
    event.respondWith(
      fetch(event.request)
        .then((res) => {
          const copy = res.clone();
          if (res.ok) void caches.open(CACHE).then((c) => c.put(url.pathname === "/pick" ? "/pick" : "/", copy));
          return res;
        })
        .catch(() => caches.match(url.pathname === "/pick" ? "/pick" : "/").then((r) => r ?? caches.match("/"))),
    );
    return;
  }
  event.respondWith(
    caches.match(event.request).then(
      (hit) =>
        hit ??
        fetch(event.request).then((res) => {
          if (res.ok && url.pathname.startsWith("/assets/")) {
            const copy = res.clone();
            void caches.open(CACHE).then((c) => c.put(event.request, copy));
          }
          return res;
        }),
    ),
  );
});
