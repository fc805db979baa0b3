import type { MiddlewareHandler } from 'hono';

/** Deeper bodies are left as they are (no Identity API body nests this far; recursion stays bounded). */
const MAX_DEPTH = 32;

/** The value with every object key lower-cased, or the value itself when no key had upper case. */
function lowercaseKeys(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const w = lowercaseKeys(v, depth + 1);
      if (w !== v) changed = true;
      return w;
    });
    return changed ? out : value;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = k.toLowerCase();
    const w = lowercaseKeys(v, depth + 1);
    if (key !== k || w !== v) changed = true;
    out[key] = w;
  }
  return changed ? out : value;
}

/**
 * intdash matches JSON keys case-insensitively (`{"Username": …}` is `{"username": …}`); every
 * key of this face is lower case, so keys are folded before the route's validator reads the body.
 * The folded text replaces the request's cached body only when some key changed; a body that is
 * not JSON is left alone and fails validation as before.
 */
export const caseInsensitiveJsonKeys: MiddlewareHandler = async (c, next) => {
  if (c.req.raw.body && /^application\/([a-z-.]+\+)?json/i.test(c.req.header('content-type') ?? '')) {
    const text = await c.req.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const folded = lowercaseKeys(parsed, 0);
    // Hono keeps the body it read as a promise per kind (its type says the value); the validator's
    // `c.req.json()` reads this text. test/faces/identity/json-keys.test.ts guards the contract.
    if (folded !== parsed) (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(JSON.stringify(folded));
  }
  await next();
};
