import type { TextMatch } from '../../domain/identity/account';

/** intdash name filters: `"exact"` in double quotes matches exactly; anything else is a partial match. */
export const textMatches = (values?: string[]): TextMatch[] | undefined =>
  values?.map((v) => (v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? { value: v.slice(1, -1), exact: true } : { value: v, exact: false }));
