/**
 * The address a request comes from, for per-address limits (wrong pairing codes). The socket's peer,
 * unless that peer is a trusted reverse proxy (`--trusted-proxy CIDR`): then the X-Forwarded-For
 * entry the proxy added, i.e. the right-most address that is not itself a trusted proxy. Without a
 * trusted proxy configured the header is ignored (anyone can send it).
 */
import { BlockList, isIP } from "node:net";
import { InputError } from "@pickpack/core";

export type ClientAddress = (req: { readonly socket: { readonly remoteAddress?: string | undefined }; readonly headers: Readonly<Record<string, string | string[] | undefined>> }) => string;

/** IPv4-mapped IPv6 (::ffff:10.0.0.5) as plain IPv4. */
const plain = (a: string) => (a.toLowerCase().startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a);

/** Parse `--trusted-proxy` values (addresses or CIDR ranges, also comma-separated) into a matcher. */
export function trustedProxies(specs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const spec of specs.flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean)) {
    const [addr = "", bits] = spec.split("/");
    const family = isIP(addr);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (family === 0 || !(prefix >= 0 && prefix <= (family === 6 ? 128 : 32))) {
      throw new InputError("TRUSTED_PROXY_INVALID", `--trusted-proxy ${JSON.stringify(spec)} is not an IP address or CIDR range (e.g. 10.0.0.2 or 10.0.0.0/24)`, [{ field: "--trusted-proxy", message: "expected an IP address or CIDR range" }]);
    }
    list.addSubnet(addr, prefix, family === 6 ? "ipv6" : "ipv4");
  }
  return list;
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
}

export function clientAddress(proxies?: BlockList): ClientAddress {
  return (req) => {
    const peer = plain(req.socket.remoteAddress ?? "?");
    if (!proxies || !trusted(proxies, peer)) return peer;
    const header = req.headers["x-forwarded-for"];
    const hops = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((s) => plain(s.trim())).filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      if (isIP(hop) === 0) return peer; // a malformed entry: fall back to the proxy itself
      if (!trusted(proxies, hop)) return hop;
    }
    return peer;
  };
}
