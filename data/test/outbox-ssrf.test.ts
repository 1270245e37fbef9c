// Webhook endpoints may only be http(s) URLs whose every resolved address the policy allows:
// link-local and metadata never, private/loopback only with --allow-private. The check runs when an
// endpoint is added (with a resolver we control, and with the real DNS for localhost) and again
// at connection time (the sender connects only to an address it has checked).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { addWebhook, addressRefusal, checkEndpointUrl, postWebhook, type SqlStore } from "@pickpack/data";
import { backends } from "./backends.js";
import { WebhookReceiver } from "./outbox-receiver.js";

const by = { now: Date.parse("2026-11-22T08:00:00Z"), actor: "test" };
const resolver = (map: Record<string, string[]>) => async (host: string) => {
  const a = map[host];
  if (!a) throw new Error(`ENOTFOUND ${host}`);
  return a;
};

describe("address policy", () => {
  it.each([
    ["169.254.169.254", "link-local"],
    ["169.254.10.1", "link-local"],
    ["fe80::1", "link-local"],
    ["fd00:ec2::254", "link-local"],
    ["0.0.0.0", "reserved"],
    ["::ffff:169.254.169.254", "link-local"],
  ])("never allows %s", (a) => {
    expect(addressRefusal(a, false)).toMatch(/never allowed/);
    expect(addressRefusal(a, true)).toMatch(/never allowed/);
  });
  it.each(["10.1.2.3", "172.16.0.1", "192.168.1.10", "127.0.0.1", "::1", "fd12:3456::1", "100.64.0.1", "::ffff:10.0.0.1"])("allows private %s only with --allow-private", (a) => {
    expect(addressRefusal(a, false)).toMatch(/--allow-private/);
    expect(addressRefusal(a, true)).toBeUndefined();
  });
  it.each(["93.184.215.14", "8.8.8.8", "2606:4700::1111"])("allows public %s", (a) => expect(addressRefusal(a, false)).toBeUndefined());
  it("every 10.x and 169.254.x address is refused without --allow-private (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (b, c, d) => {
        expect(addressRefusal(`10.${b}.${c}.${d}`, false)).toBeDefined();
        expect(addressRefusal(`169.254.${c}.${d}`, true)).toBeDefined();
      }),
    );
  });
});

describe("checkEndpointUrl", () => {
  it("refuses other schemes, credentials and bad URLs as input", async () => {
    for (const u of ["ftp://example.com/x", "file:///etc/passwd", "gopher://x", "not a url", "https://user:pw@example.com/"]) {
      await expect(checkEndpointUrl(u, false, { resolve: resolver({ "example.com": ["93.184.215.14"] }) })).rejects.toMatchObject({ code: "WEBHOOK_URL_INVALID" });
    }
  });
  it("refuses a host that resolves to a metadata, link-local or (by default) private address, if any of its addresses is one", async () => {
    const resolve = resolver({ "hooks.example.com": ["93.184.215.14"], "evil.example.com": ["93.184.215.14", "169.254.169.254"], "intranet.example.com": ["10.0.0.5"] });
    await expect(checkEndpointUrl("https://hooks.example.com/x", false, { resolve })).resolves.toBeInstanceOf(URL);
    await expect(checkEndpointUrl("https://evil.example.com/x", true, { resolve })).rejects.toMatchObject({ code: "WEBHOOK_ADDRESS_REFUSED" });
    await expect(checkEndpointUrl("https://intranet.example.com/x", false, { resolve })).rejects.toMatchObject({ code: "WEBHOOK_ADDRESS_REFUSED" });
    await expect(checkEndpointUrl("https://intranet.example.com/x", true, { resolve })).resolves.toBeInstanceOf(URL);
    await expect(checkEndpointUrl("http://metadata.google.internal/computeMetadata/v1", true, { resolve })).rejects.toMatchObject({ code: "WEBHOOK_ADDRESS_REFUSED" });
    await expect(checkEndpointUrl("http://[fe80::1]/x", true)).rejects.toMatchObject({ code: "WEBHOOK_ADDRESS_REFUSED" });
    await expect(checkEndpointUrl("https://nowhere.invalid/x", false, { resolve })).rejects.toMatchObject({ code: "WEBHOOK_HOST_UNRESOLVED" });
  });
  it("resolves real host names: localhost is loopback (refused unless allowed)", async () => {
    await expect(checkEndpointUrl("http://localhost:8080/hooks", false)).rejects.toMatchObject({ code: "WEBHOOK_ADDRESS_REFUSED" });
    await expect(checkEndpointUrl("http://localhost:8080/hooks", true)).resolves.toBeInstanceOf(URL);
  });
});

describe("the sender checks again when it connects", () => {
  let receiver: WebhookReceiver;
  let url: string;
  beforeEach(async () => {
    receiver = new WebhookReceiver(["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]);
    url = await receiver.listen();
  });
  afterEach(async () => receiver.close());
  it("refuses a loopback receiver for an endpoint without --allow-private (by IP and by name) and reaches it with it", async () => {
    const req = { headers: {}, body: "{}", timeoutMs: 2000 };
    expect(await postWebhook({ ...req, url, allowPrivate: false })).toMatchObject({ kind: "error", refused: true });
    expect(await postWebhook({ ...req, url: url.replace("127.0.0.1", "localhost"), allowPrivate: false })).toMatchObject({ kind: "error", refused: true });
    expect(await postWebhook({ ...req, url: "http://169.254.169.254/latest/meta-data", allowPrivate: true })).toMatchObject({ kind: "error", refused: true });
    // Reached (and answered 401: the body is not signed).
    expect(await postWebhook({ ...req, url, allowPrivate: true })).toMatchObject({ kind: "response", status: 401 });
    expect(receiver.rejected).toHaveLength(1);
  });
});

for (const backend of backends.filter((b) => b.name === "sqlite")) {
  describe(`addWebhook on ${backend.name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await backend.open()));
    afterEach(async () => cleanup());
    it("writes nothing when refused", async () => {
      await expect(addWebhook(store, { url: "http://169.254.169.254/", events: ["*"], allowPrivate: true }, by)).rejects.toMatchObject({ code: "WEBHOOK_ADDRESS_REFUSED" });
      await expect(addWebhook(store, { url: "http://127.0.0.1:1/", events: ["nothing.*"], allowPrivate: true }, by)).rejects.toMatchObject({ code: "WEBHOOK_EVENTS_INVALID" });
      await expect(addWebhook(store, { url: "http://127.0.0.1:1/", events: ["*"], secret: "whsec_short", allowPrivate: true }, by)).rejects.toMatchObject({ code: "WEBHOOK_SECRET_INVALID" });
      expect(await store.kysely.selectFrom("webhook_endpoints").selectAll().execute()).toEqual([]);
    });
  });
}
