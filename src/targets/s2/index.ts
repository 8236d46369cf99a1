// S2 (Ventmere): a warehouse item master. Every variant is its own S2 product (one SKU, one
// request), with GTIN, package and case measures. Nothing public on idempotency, error bodies or
// rate limits: see README.md ("Targets") for the assumptions and how to change them.
import { jsonHeaders, oneLine, statusMessage } from '../shared.js';
import type { Target, Unit } from '../types.js';
import { check, dropped } from './check.js';
import { ENV, readConfig, type S2Config } from './config.js';
import { toBody } from './map.js';
import { PRODUCT_PATH, sandbox } from './sandbox.js';
import { createdSchema, requestSchema, responseSchema } from './schema.js';

export type { S2Config } from './config.js';

export const s2: Target<S2Config> = {
  name: 's2',
  title: 'S2 (Ventmere)',
  docsUrl: 'https://doc.ventmere.io/create-product.html',
  env: ENV,
  readConfig,
  baseUrl: (c) => c.baseUrl,
  requiredFields: [
    'brand', 'variants.barcode', 'images', 'variants.length', 'variants.width', 'variants.height', 'variants.weight',
    'case.unit', 'case.pack', 'case.length', 'case.width', 'case.height', 'case.weight',
  ],
  rateLimit: {
    // Nothing is published. 5/s with no burst is gentle on an API whose limits we cannot see;
    // --rate raises it once S2 says more.
    perSecond: 5,
    burst: 5,
    description: 'unknown (not published); default 5/s is our cautious guess, --rate overrides; a 429 waits for Retry-After when sent',
  },
  // No idempotency key or upsert is published: an ambiguous failure is never retried blindly.
  // A documented product list exists (lookup.ts, doc.ventmere.io list-product.html); wiring it in
  // is `{kind: 'lookup', description, lookup}` here. Left off: the project specifies no dedupe for S2: see README.md ("Targets").
  dedupe: {
    kind: 'none',
    description: 'no idempotency key or upsert published: an ambiguous failure is recorded as unknown, never retried blindly',
  },
  units(product, source): Unit[] {
    return product.variants.map((variant) => ({ key: variant.sku, source, product, variant }));
  },
  check,
  toRequest(unit, c) {
    return {
      method: 'POST',
      path: PRODUCT_PATH,
      headers: jsonHeaders({ authorization: `Bearer ${c.accessToken}`, 'x-s2-organization': c.organizationId }),
      body: toBody(unit),
    };
  },
  requestSchema,
  responseSchema,
  parseCreated(body) {
    const r = createdSchema.safeParse(body);
    if (!r.success) throw new Error(`S2 answered without a product id: ${statusMessage(201, body)}`);
    return r.data.id;
  },
  parseError(status, body) {
    return errorMessage(body) ?? statusMessage(status, body);
  },
  dropped,
  sandbox,
};

/**
 * S2's error body is not published. Reads the common shapes: `{message, errors: [{field, message}]}`
 * (what our sandbox assumes), `{error}`, `{error: {message}}`, `{detail}`/`{title}` (problem+json),
 * `{errors: {field: [..]}}`, or plain text.
 */
export function errorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() ? oneLine(body) : undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const nested = typeof b.error === 'object' && b.error !== null ? (b.error as Record<string, unknown>).message : undefined;
  const head = [b.message, b.error, nested, b.detail, b.title].find((x): x is string => typeof x === 'string' && x.trim() !== '');
  const details = fieldErrors(b.errors);
  if (!head && !details.length) return undefined;
  return oneLine([head, details.join('; ')].filter(Boolean).join(': '));
}

function fieldErrors(errors: unknown): string[] {
  if (Array.isArray(errors)) {
    return errors.map((e) => {
      if (typeof e === 'string') return e;
      const { field, message } = (e ?? {}) as { field?: unknown; message?: unknown };
      return [field, message].filter((x) => typeof x === 'string' && x).join(': ') || JSON.stringify(e);
    });
  }
  if (typeof errors === 'object' && errors !== null) {
    return Object.entries(errors).map(([field, m]) => `${field}: ${Array.isArray(m) ? m.join(', ') : String(m)}`);
  }
  return [];
}
