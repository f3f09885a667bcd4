import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { AllowedWebhookHost } from '@cairn/config';

/**
 * Addresses no webhook may reach by default: what is not the public internet. A receiver URL is
 * a request the server makes on a user's behalf, so without this a maintainer could make Cairn
 * call its own database, a cloud metadata service (169.254.169.254) or anything on the LAN.
 */
const PRIVATE_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const PRIVATE_V6: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64: an IPv4 address in disguise
  ['100::', 64], // discard
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some)
  ['ff00::', 8], // multicast
];

const PRIVATE = new BlockList();
for (const [net, prefix] of PRIVATE_V4) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of PRIVATE_V6) PRIVATE.addSubnet(net, prefix, 'ipv6');

/** `::ffff:127.0.0.1` and `::ffff:7f00:1` reach 127.0.0.1: check them as the IPv4 address they are. */
export function unmapIPv4(address: string): string {
  const match = /^::ffff:(?:0:)?(.+)$/i.exec(address);
  if (!match) return address;
  const rest = match[1]!;
  if (isIP(rest) === 4) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest);
  if (!hex) return address;
  const [high, low] = [Number.parseInt(hex[1]!, 16), Number.parseInt(hex[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 4 ? 'ipv4' : 'ipv6';
}

export function isPrivateAddress(address: string): boolean {
  const plain = unmapIPv4(address);
  return PRIVATE.check(plain, familyOf(plain));
}

/** A URL refused because of where it leads; the message is safe to show its owner. */
export class UnsafeWebhookTargetError extends Error {
  override readonly name = 'UnsafeWebhookTargetError';
}

export interface ResolvedTarget {
  /** The addresses checked, to connect to exactly these (a second DNS answer is never asked for). */
  addresses: { address: string; family: 4 | 6 }[];
}

/**
 * Decides whether a receiver may be called: only http and https, and only public addresses
 * unless the allow-list names the host or holds the address. Every address a name resolves to
 * is checked, since the connection may use any of them.
 */
export class AddressPolicy {
  private readonly hosts: Set<string>;
  private readonly allowed = new BlockList();

  constructor(allowList: readonly AllowedWebhookHost[]) {
    this.hosts = new Set(allowList.flatMap((e) => (e.kind === 'host' ? [e.host] : [])));
    for (const entry of allowList) {
      if (entry.kind === 'cidr') this.allowed.addSubnet(entry.address, entry.prefix, entry.family);
    }
  }

  private permits(address: string): boolean {
    const plain = unmapIPv4(address);
    return !isPrivateAddress(plain) || this.allowed.check(plain, familyOf(plain));
  }

  /** Throws `UnsafeWebhookTargetError` unless every address of the URL's host may be called. */
  async resolve(url: URL): Promise<ResolvedTarget> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UnsafeWebhookTargetError('must use http or https');
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const literal = isIP(host);
    let addresses: ResolvedTarget['addresses'];
    if (literal !== 0) {
      addresses = [{ address: host, family: literal as 4 | 6 }];
    } else {
      try {
        addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => ({
          address: a.address,
          family: a.family as 4 | 6,
        }));
      } catch {
        throw new UnsafeWebhookTargetError(`host "${host}" does not resolve`);
      }
    }
    if (this.hosts.has(host)) return { addresses };
    const refused = addresses.find((a) => !this.permits(a.address));
    if (refused) {
      throw new UnsafeWebhookTargetError(
        `host "${host}" resolves to ${refused.address}, a private, loopback, link-local or multicast address; WEBHOOK_ALLOWED_HOSTS does not permit it`,
      );
    }
    return { addresses };
  }
}
