// S2 (Ventmere) "Create Product": every one of the 19 fields is required and typed as the page
// says (string, float, integer, boolean). The page states no lengths, ranges or enums, so none are
// invented here, except that required text must not be empty: the page asks for "" only for
// `remarks` ("Should be an empty string if there is no value. Do not use null."). Also the
// created id and the (unpublished) error body.
import { z } from 'zod';
import { readError, statusMessage } from '../shared.js';

export const PRODUCT_PATH = '/product';

const text = z.string().min(1);
const float = z.number();

export const requestSchema = z.strictObject({
  sku: text,
  brand: text,
  gtin: text,
  name: text,
  remarks: z.string(),
  imageMain: text,
  packageLengthMm: float,
  packageWidthMm: float,
  packageHeightMm: float,
  shippingWeightKg: float,
  caseUnit: text,
  casePack: z.int(),
  caseLengthMm: float,
  caseWidthMm: float,
  caseHeightMm: float,
  caseWeightKg: float,
  condition: text,
  serialNumberRequired: z.boolean(),
  expiryDateRequired: z.boolean(),
});

export type S2Body = z.output<typeof requestSchema>;
/**
 * The created product's id: nothing else is read, so a field the page's example did not show
 * cannot turn a product that exists into a failure.
 */
export function parseCreated(body: unknown): string {
  const id = (body as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' || !id) throw new Error(`S2 answered without a product id: ${statusMessage(201, body)}`);
  return id;
}

/**
 * S2's error body is not published. Reads the common shapes: `{message, errors: [{field, message}]}`
 * (what our sandbox assumes), `{error}`, `{error: {message}}`, `{detail}`/`{title}` (problem+json),
 * `{errors: {field: [..]}}`, or plain text.
 */
export function parseError(status: number, body: unknown): string {
  return readError(status, body, (b) => {
    const nested = typeof b.error === 'object' && b.error !== null ? (b.error as Record<string, unknown>).message : undefined;
    const head = [b.message, b.error, nested, b.detail, b.title].find((x): x is string => typeof x === 'string' && x.trim() !== '');
    const details = fieldErrors(b.errors);
    if (!head && !details.length) return undefined;
    return [head, details.join('; ')].filter(Boolean).join(': ');
  });
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
