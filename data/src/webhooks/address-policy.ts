/**
 * Which addresses a webhook may be sent to (server-side request forgery guard). Never link-local
 * (169.254.0.0/16, fe80::/10: cloud metadata services live there), never the unspecified or
 * multicast ranges; private, loopback and shared ranges only for an endpoint added with
 * `--allow-private`. Checked when the endpoint is added and again on every connection (the
 * resolved address is the one connected to, so DNS cannot change the answer in between).
 */
import { BlockList, isIP } from "node:net";

const never = new BlockList();
never.addSubnet("169.254.0.0", 16, "ipv4"); // link-local, 169.254.169.254 metadata
never.addSubnet("0.0.0.0", 8, "ipv4");
never.addSubnet("224.0.0.0", 4, "ipv4"); // multicast
never.addSubnet("240.0.0.0", 4, "ipv4"); // reserved, broadcast
never.addSubnet("fe80::", 10, "ipv6"); // link-local
never.addSubnet("ff00::", 8, "ipv6"); // multicast
never.addAddress("::", "ipv6");
never.addAddress("fd00:ec2::254", "ipv6"); // AWS metadata over IPv6

const privateRanges = new BlockList();
privateRanges.addSubnet("10.0.0.0", 8, "ipv4");
privateRanges.addSubnet("172.16.0.0", 12, "ipv4");
privateRanges.addSubnet("192.168.0.0", 16, "ipv4");
privateRanges.addSubnet("127.0.0.0", 8, "ipv4");
privateRanges.addSubnet("100.64.0.0", 10, "ipv4"); // carrier-grade NAT
privateRanges.addSubnet("198.18.0.0", 15, "ipv4"); // benchmarking
privateRanges.addAddress("::1", "ipv6");
privateRanges.addSubnet("fc00::", 7, "ipv6"); // unique local

/** Host names that always mean a metadata service. */
const METADATA_HOSTS = new Set(["metadata.google.internal", "metadata", "instance-data", "metadata.azure.internal"]);

/** Why `address` may not be connected to, or undefined when it may. */
export function addressRefusal(address: string, allowPrivate: boolean): string | undefined {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is checked as the IPv4 address it is.
  const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
  const a = mapped ?? address;
  const type = isIP(a) === 4 ? "ipv4" : "ipv6";
  if (never.check(a, type)) return `${address} is a link-local, metadata or reserved address (never allowed)`;
  if (!allowPrivate && privateRanges.check(a, type)) return `${address} is a private or loopback address (add the endpoint with --allow-private to allow it)`;
  return undefined;
}

/** Why a host name may not be used, before any lookup (metadata names). */
export function hostRefusal(host: string): string | undefined {
  const h = host.toLowerCase().replace(/\.$/, "");
  return METADATA_HOSTS.has(h) ? `${host} is a cloud metadata host (never allowed)` : undefined;
}
