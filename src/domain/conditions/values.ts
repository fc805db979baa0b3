import type { DataType } from './condition';

/**
 * Parsers for condition and request values (semantics §6.3 "Value syntax"). Each returns a
 * comparable value, or `undefined` when the text is malformed for the type.
 */

export type IpValue = { family: 4 | 6; value: bigint };
export type CidrValue = IpValue & { prefix: number };

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

export function parseNumeric(text: string): number | undefined {
  if (!/^[+-]?\d+(\.\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

export function parseDayOfWeek(text: string): string | undefined {
  const day = text.toUpperCase();
  return DAYS.includes(day) ? day : undefined;
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** Epoch milliseconds of an RFC 3339 date-time; without an offset it is UTC. */
export function parseDateTime(text: string): number | undefined {
  const m = DATETIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '00', frac = '0', zone = 'Z'] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0..99 to 1900..1999.
  const date = new Date(0);
  date.setUTCFullYear(Number(y), month - 1, day);
  if (date.getUTCDate() !== day) return undefined; // e.g. February 30th
  date.setUTCHours(Number(h), Number(mi), Number(s), Number(frac.slice(0, 3).padEnd(3, '0')));
  const base = date.getTime();
  if (zone.toUpperCase() === 'Z') return base;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [zh, zm] = zone.slice(1).split(':').map(Number) as [number, number];
  if (zh > 23 || zm > 59) return undefined;
  return base - sign * (zh * 60 + zm) * 60_000;
}

/** Seconds since midnight of `HH:mm` or `HH:mm:ss`. */
export function parseTime(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return h * 3600 + mi * 60 + s;
}

export function parseBoolean(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255 || (p.length > 1 && p.startsWith('0'))) return undefined;
    value = (value << 8n) | BigInt(Number(p));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.includes(':::')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  // An embedded IPv4 part (`::ffff:10.0.0.1`) may only end the whole address.
  const groups = (half: string, mayEndInIpv4: boolean): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const items = half.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (mayEndInIpv4 && i === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) {
        out.push(parseInt(item, 16));
      } else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groups(halves[1]!, true) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

export function parseIp(text: string): IpValue | undefined {
  if (text.includes(':')) {
    const v = parseIpv6(text);
    return v === undefined ? undefined : { family: 6, value: v };
  }
  const v = parseIpv4(text);
  return v === undefined ? undefined : { family: 4, value: v };
}

/** An address, or an address with a `/prefix` (condition values of ALLOW / NOT_ALLOW). */
export function parseCidr(text: string): CidrValue | undefined {
  const [addr = '', prefix, ...rest] = text.split('/');
  if (rest.length > 0) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const bits = ip.family === 4 ? 32 : 128;
  if (prefix === undefined) return { ...ip, prefix: bits };
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) return undefined;
  return { ...ip, prefix: Number(prefix) };
}

export function cidrContains(block: CidrValue, ip: IpValue): boolean {
  if (block.family !== ip.family) return false;
  const bits = BigInt(block.family === 4 ? 32 : 128);
  const shift = bits - BigInt(block.prefix);
  return block.value >> shift === ip.value >> shift;
}

/** Whether `text` is a well-formed value of `dataType` (request values: plain addresses only). */
export function isValidValue(dataType: DataType, text: string): boolean {
  switch (dataType) {
    case 'STRING':
      return text.length <= 1024;
    case 'NUMERIC':
      return parseNumeric(text) !== undefined;
    case 'DAY_OF_WEEK':
      return parseDayOfWeek(text) !== undefined;
    case 'DATETIME':
      return parseDateTime(text) !== undefined;
    case 'TIME':
      return parseTime(text) !== undefined;
    case 'IPADDRESS':
      return parseIp(text) !== undefined;
    case 'BOOLEAN':
      return parseBoolean(text) !== undefined;
  }
}
