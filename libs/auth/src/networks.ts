import { BlockList, isIP } from 'node:net';
import { AuthError } from './errors.js';

/** Most networks one application password may list. */
export const MAX_NETWORKS = 32;

/** Parses `a.b.c.d/n` or `x::y/n` (a bare address means a single host); throws AUTH_BAD_NETWORK. */
export function parseCidr(text: string): { address: string; prefix: number; family: 4 | 6 } {
  const [address = '', prefixText, extra] = text.trim().split('/');
  const family = isIP(address);
  if (extra !== undefined || (family !== 4 && family !== 6)) {
    throw new AuthError('AUTH_BAD_NETWORK', `not a network in CIDR notation: ${text}`);
  }
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) {
    throw new AuthError('AUTH_BAD_NETWORK', `prefix length out of range: ${text}`);
  }
  return { address, prefix, family };
}

/** Strips the IPv4-mapped prefix (RFC 4291 section 2.5.5.2) so IPv4 rules match. */
export function plainAddress(remoteAddress: string): string {
  return remoteAddress.startsWith('::ffff:') && isIP(remoteAddress.slice(7)) === 4
    ? remoteAddress.slice(7)
    : remoteAddress;
}

/** True when `remoteAddress` lies in one of the CIDR `networks`. */
export function addressInNetworks(remoteAddress: string, networks: readonly string[]): boolean {
  const address = plainAddress(remoteAddress);
  const family = isIP(address);
  if (family === 0) return false;
  const list = new BlockList();
  for (const network of networks) {
    const parsed = parseCidr(network);
    list.addSubnet(parsed.address, parsed.prefix, parsed.family === 4 ? 'ipv4' : 'ipv6');
  }
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
