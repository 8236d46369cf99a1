// Pandabase "Create product" request, transcribed from the published OpenAPI extract: every
// type, length, range, enum and maxItems it states, nothing it doesn't. Strict, so a misspelt
// pass-through field is an error here rather than something the API silently ignores. Also the
// created id and the error body.
import { z } from 'zod';
import { readError, statusMessage } from '../shared.js';

export const PRODUCT_TYPES = ['SUBSCRIPTION', 'DIGITAL_DOWNLOAD', 'LICENSE_KEY'] as const;
export const STATUSES = ['DRAFT', 'ACTIVE'] as const;
export const BILLING_INTERVALS = ['WEEKLY', 'MONTHLY', 'YEARLY'] as const;

export const LIMITS = {
  title: 256,
  subtitle: 512,
  description: 10_000,
  images: 10,
  variants: 4,
  options: 20,
  optionValues: 50,
  optionText: 128,
  categoryIds: 20,
  categoryId: { min: 12, max: 48 },
  variantTitle: 256,
  variantSku: 128,
  storeId: { min: 12, max: 48 },
  idempotencyKey: { min: 8, max: 32 },
  searchLength: 128,
  pageLimit: 100,
} as const;

const count = z.int().min(0);
const url = z.string().max(2048);

// The extract leaves `options` of a variant open (`{}`) but required; the curl example even sends
// null. Any value is accepted here, only its absence is not. We send {"Size": "M"}: see docs/targets.md.
const anyRequired = z.custom<unknown>((v) => v !== undefined, { message: 'Invalid input: expected a value, received undefined' });

export const variantSchema = z.strictObject({
  title: z.string().min(1).max(LIMITS.variantTitle),
  slug: z.string().min(1).max(128).optional(),
  description: z.string().max(1000).optional(),
  sku: z.string().max(LIMITS.variantSku).optional(),
  options: anyRequired,
  price: count,
  compareAtPrice: count.optional(),
  images: z.array(z.string()).max(LIMITS.images).optional(),
  inStock: z.boolean().optional(),
  quantity: count.optional(),
  trackStock: z.boolean().optional(),
  position: count.optional(),
});

export const optionSchema = z.strictObject({
  name: z.string().min(1).max(LIMITS.optionText),
  values: z.array(z.string().min(1).max(LIMITS.optionText)).min(1).max(LIMITS.optionValues),
  position: count.optional(),
});

/** The create body's object, before the subscription rule (the update body is its partial form). */
const productObject = z.strictObject({
    title: z.string().min(1).max(LIMITS.title),
    subtitle: z.string().max(LIMITS.subtitle).optional(),
    description: z.string().max(LIMITS.description).optional(),
    productType: z.enum(PRODUCT_TYPES),
    price: count,
    compareAtPrice: count.optional(),
    images: z.array(z.string()).max(LIMITS.images).optional(),
    message: z.string().max(1000).optional(),
    fulfillmentMode: z.enum(['MANAGED_LICENSE', 'LICENSE_POOL', 'LICENSE_WEBHOOK', 'INSTANT_DOWNLOAD', 'REDIRECT', 'MANUAL']).optional(),
    pricingModel: z.enum(['STANDARD', 'PAY_WHAT_YOU_WANT', 'FREE', 'USAGE_BASED']).optional(),
    status: z.enum(STATUSES).optional(),
    minimumPrice: count.optional(),
    maxPerCustomer: z.int().min(1).optional(),
    availableFrom: z.iso.datetime({ offset: true }).optional(),
    availableUntil: z.iso.datetime({ offset: true }).optional(),
    downloadUrl: url.optional(),
    redirectUrl: url.optional(),
    keyFormat: z.enum(['ALPHANUMERIC', 'UUID', 'CUSTOM_PREFIX']).optional(),
    customPrefix: z.string().max(32).optional(),
    maxActivations: z.int().min(1).optional(),
    licenseDuration: z.enum(['THIRTY_DAYS', 'NINETY_DAYS', 'ONE_YEAR', 'LIFETIME']).optional(),
    revokeOnRefund: z.boolean().optional(),
    lowStockThreshold: count.optional(),
    webhookUrl: url.optional(),
    webhookSecret: z.string().max(256).optional(),
    billingInterval: z.enum(BILLING_INTERVALS).optional(),
    billingAnchor: z.enum(['IMMEDIATELY', 'END_OF_PERIOD']).optional(),
    trialDays: count.optional(),
    licenseKeys: z.array(z.string().min(1).max(512)).max(1000).optional(),
    variants: z.array(variantSchema).max(LIMITS.variants).optional(),
    options: z.array(optionSchema).max(LIMITS.options).optional(),
    categoryIds: z.array(z.string().min(LIMITS.categoryId.min).max(LIMITS.categoryId.max)).max(LIMITS.categoryIds).optional(),
  });

export const requestSchema = productObject
  // The operation's description: "Subscription products require a billing interval."
  .superRefine((b, ctx) => {
    if (b.productType === 'SUBSCRIPTION' && b.billingInterval === undefined) {
      ctx.addIssue({ code: 'custom', path: ['billingInterval'], message: 'Subscription products require a billing interval', input: undefined });
    }
  });

/**
 * PATCH …/products/{productId}: the extract gives no body, only that "variants and options on the
 * request are upserted by ID". Read as: every create field optional; a variant with `id` is that
 * variant (only the fields sent change), one without is added and needs what a create needs.
 */
export const updateVariantSchema = variantSchema.partial().extend({ id: z.string().min(1) });
export const updateSchema = productObject.partial().extend({
  variants: z.array(z.union([updateVariantSchema, variantSchema])).max(LIMITS.variants).optional(),
});

export type PandabaseBody = z.input<typeof requestSchema>;
export type PandabaseVariant = z.input<typeof variantSchema>;
export type PandabaseOption = z.input<typeof optionSchema>;

/** 201: `{ok: true, data}`; the spec leaves `data` open, the example shows a product with `id: "prd_…"`. */
export function parseCreated(body: unknown): string {
  const b = body as { ok?: unknown; data?: { id?: unknown } } | undefined;
  const id = b?.ok === true ? b.data?.id : undefined;
  if (typeof id !== 'string' || !id) throw new Error(`Pandabase answered without a product id: ${statusMessage(201, body)}`);
  return id;
}

/** Every error status: `{ok: false, error: "…"}` as documented; `error: {code, message}` as the docs' sample code reads it; or plain text. */
export function parseError(status: number, body: unknown): string {
  return readError(status, body, (b) => {
    const e = b.error ?? b.message;
    if (typeof e === 'string' && e.trim()) return e;
    if (typeof e !== 'object' || e === null) return undefined;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof message === 'string' && message.trim()) return typeof code === 'string' ? `${code}: ${message}` : message;
    return undefined;
  });
}
