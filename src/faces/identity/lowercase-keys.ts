import type { MiddlewareHandler } from 'hono';

/** Deeper bodies are left as they are (no Identity API body nests this far; recursion stays bounded). */
const MAX_DEPTH = 32;

function lowercaseKeys(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => lowercaseKeys(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k.toLowerCase()] = lowercaseKeys(v, depth + 1);
  return out;
}

/**
 * intdash matches JSON keys case-insensitively (`{"Username": …}` is `{"username": …}`); every
 * key of this face is lower case, so keys are folded before the route's validator reads the body.
 * A body that is not JSON passes through untouched and fails validation as before.
 */
export const caseInsensitiveJsonKeys: MiddlewareHandler = async (c, next) => {
  if (c.req.raw.body && /^application\/([a-z-.]+\+)?json/i.test(c.req.header('content-type') ?? '')) {
    const text = await c.req.raw.clone().text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined && typeof parsed === 'object' && parsed !== null) {
      c.req.raw = new Request(c.req.raw, { body: JSON.stringify(lowercaseKeys(parsed, 0)) });
    }
  }
  await next();
};
