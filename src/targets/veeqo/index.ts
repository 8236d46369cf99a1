// Veeqo: `{"product": {...}}` with variants as product_variants_attributes, prices as numbers and
// weights in grams. No idempotency: a retry first looks the sku up. See docs/targets.md.
import { jsonHeaders, productUnits } from '../shared.js';
import type { Target } from '../types.js';
import { ENV, readConfig, type VeeqoConfig } from './config.js';
import { existing } from './existing.js';
import { lookup } from './lookup.js';
import { dropped, locate, rules, toProduct } from './map.js';
import { parseCreated, parseError, PRODUCTS_PATH, requestSchema } from './schema.js';

export type { VeeqoConfig } from './config.js';

export const target: Target<VeeqoConfig> = {
  name: 'veeqo',
  title: 'Veeqo',
  docsUrl: 'https://developers.veeqo.com/api/operations/create-a-new-product/',
  env: ENV,
  readConfig,
  baseUrl: (c) => c.baseUrl,
  rateLimit: {
    perSecond: 5,
    // The leaky bucket holds 100, but a previous run may have filled it: start gently.
    burst: 10,
    description: '5 requests/s, leaky bucket of 100; 429 "Limits Reached" with no rate headers',
  },
  dedupe: {
    kind: 'lookup',
    description: `no idempotency: before retrying, GET ${PRODUCTS_PATH}?query=<first sku> (all pages) and match sellables[].sku_code against the product's skus`,
    lookup,
  },
  existing,
  units: productUnits,
  build(unit, c) {
    const product = toProduct(unit.product);
    return {
      request: { method: 'POST', path: PRODUCTS_PATH, headers: jsonHeaders({ 'x-api-key': c.apiKey }), body: { product } },
      issues: rules(unit.product, product),
    };
  },
  requestSchema,
  bodyRoot: ['product'],
  locate,
  parseCreated,
  parseError,
  dropped,
};
