// Unified product → Pandabase body. Pure: a retry sends the very same bytes under the same
// derived idempotency key, which Pandabase then replays instead of refusing (other body: 422).
import { createHash } from 'node:crypto';
import { compareMoney } from '../../product/money.js';
import type { Kind, Product, Variant } from '../../product/schema.js';
import { minorUnits, withPassThrough } from '../shared.js';
import type { PandabaseBody, PandabaseOption, PandabaseVariant } from './schema.js';

export const PRODUCT_TYPE: Partial<Record<Kind, PandabaseBody['productType']>> = {
  digital_download: 'DIGITAL_DOWNLOAD',
  license_key: 'LICENSE_KEY',
  subscription: 'SUBSCRIPTION',
};

/** `archived` has no Pandabase counterpart: check() reports it, so it never reaches a body. */
const STATUS: Record<string, PandabaseBody['status']> = { active: 'ACTIVE', draft: 'DRAFT' };

/** Integer cents; undefined past 2^53, which check() reports (the schema then refuses the gap). */
export const cents = (p: Product, amount: string) => minorUnits(amount, p.currency);

/**
 * The variant whose price becomes the product's `price`: the lowest, as a storefront shows
 * "from $X" (ties: the first). Its compare-at price goes with it.
 */
export function priceVariant(p: Product): number {
  let best = 0;
  p.variants.forEach((v, i) => {
    if (compareMoney(v.price, p.variants[best]!.price) < 0) best = i;
  });
  return best;
}

/** Variant title: its own, else its option values ("M / Blue"), else its sku. */
export function variantTitle(v: Variant): string {
  return v.title ?? (v.options?.length ? v.options.map((o) => o.value).join(' / ') : v.sku);
}

/** Product-level options from the variants: names as the first variant spells them, values in order of appearance. */
export function productOptions(p: Product): PandabaseOption[] | undefined {
  const names = p.variants[0]?.options?.map((o) => o.name) ?? [];
  if (!names.length) return undefined;
  return names.map((name, k) => ({
    name,
    values: [...new Set(p.variants.map((v) => v.options?.[k]?.value).filter((x): x is string => x !== undefined))],
    position: k,
  }));
}

function toVariant(p: Product, v: Variant, position: number): PandabaseVariant {
  const names = p.variants[0]?.options?.map((o) => o.name) ?? [];
  const out = {
    title: variantTitle(v),
    sku: v.sku,
    // The extract leaves the shape open; a name → value object mirrors the product's `options`.
    options: Object.fromEntries((v.options ?? []).map((o, k) => [names[k] ?? o.name, o.value])),
    price: cents(p, v.price),
  } as PandabaseVariant;
  if (v.compare_at_price !== undefined) out.compareAtPrice = cents(p, v.compare_at_price);
  if (v.inventory_quantity !== undefined) {
    // "continue" means keep selling at zero stock: that is an untracked variant in Pandabase.
    const track = v.inventory_policy !== 'continue';
    out.quantity = v.inventory_quantity;
    out.trackStock = track;
    out.inStock = !track || v.inventory_quantity > 0;
  }
  if (v.image !== undefined) out.images = [v.image];
  out.position = position;
  return out;
}

export function toBody(p: Product): Record<string, unknown> {
  const lead = p.variants[priceVariant(p)]!;
  const body: Record<string, unknown> = { title: p.title };
  if (p.subtitle !== undefined) body.subtitle = p.subtitle;
  if (p.description !== undefined) body.description = p.description;
  const productType = PRODUCT_TYPE[p.kind];
  if (productType) body.productType = productType;
  const status = p.status && STATUS[p.status];
  if (status) body.status = status;
  body.price = cents(p, lead.price);
  if (lead.compare_at_price !== undefined) body.compareAtPrice = cents(p, lead.compare_at_price);
  if (p.images.length) body.images = p.images.map((i) => i.url);
  if (p.kind === 'subscription' && p.subscription) {
    if (p.subscription.billing_interval) body.billingInterval = p.subscription.billing_interval.toUpperCase();
    if (p.subscription.trial_days !== undefined) body.trialDays = p.subscription.trial_days;
  }
  if (p.category_ids.length) body.categoryIds = p.category_ids;
  const options = productOptions(p);
  if (options) body.options = options;
  // Always sent, even for one variant: it is the only place Pandabase keeps our skus, and the
  // lookup that finds an existing product matches on them.
  body.variants = p.variants.map((v, i) => toVariant(p, v, i));
  return withPassThrough(body, p, 'pandabase');
}

/**
 * The unit key is the first variant's sku, not the handle: Pandabase makes its own handle from
 * the title and keeps nothing else of ours but the variants' skus. So the sku is the identity
 * both sides can see: the lookup matches on it and the sandbox records creates under it.
 */
export function unitKey(p: Product): string {
  return p.variants[0]!.sku;
}

/**
 * `idempotency-key`: base64url of SHA-256 over target, store and unit key, cut to 32 chars (the
 * documented maximum; 192 bits). Deterministic, so a retry or a rerun of the same unit against
 * the same store reuses it, and the same handle in two stores does not collide.
 */
export function idempotencyKey(storeId: string, unitKey: string): string {
  return createHash('sha256').update(`pandabase\0${storeId}\0${unitKey}`).digest('base64url').slice(0, 32);
}
