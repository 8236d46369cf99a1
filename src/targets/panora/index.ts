// Panora: a unified e-commerce API that forwards a product to the shop behind a connection
// (Shopify, WooCommerce, Webflow…). No idempotency: a retry first pages the listing for the sku.
import { jsonHeaders, productUnits } from '../shared.js';
import type { Target } from '../types.js';
import { authHeaders, ENV, type PanoraConfig, readConfig } from './config.js';
import { existing } from './existing.js';
import { LOOKUP_PAGE, lookup } from './lookup.js';
import { ALSO_REQUIRED, dropped, locate, rules, toBody } from './map.js';
import { parseCreated, parseError, PRODUCTS_PATH, requestSchema } from './schema.js';

export type { PanoraConfig, PriceUnit } from './config.js';

export const target: Target<PanoraConfig> = {
  name: 'panora',
  title: 'Panora',
  docsUrl: 'https://docs.panora.dev/api-reference/ecommerceproducts/create-products',
  env: ENV,
  readConfig,
  baseUrl: (c) => c.baseUrl,
  alsoRequired: ALSO_REQUIRED,
  rateLimit: {
    // 90/min plus a burst of 10: no 60 s window, the first included, holds more than the 100
    // allowed. The window may already be partly spent by other clients of the same key.
    perSecond: 90 / 60,
    burst: 10,
    description: '100 requests per 60 s per API key; 429 with Retry-After (seconds) and X-RateLimit-* headers',
  },
  dedupe: {
    kind: 'lookup',
    description: `no idempotency: before retrying, page GET ${PRODUCTS_PATH} (limit ${LOOKUP_PAGE}) and match variants[].sku against the first variant's sku`,
    lookup,
  },
  existing,
  units: productUnits,
  build(unit, c) {
    const body = toBody(unit.product, c.priceUnit);
    return {
      request: { method: 'POST', path: PRODUCTS_PATH, headers: jsonHeaders(authHeaders(c)), body },
      issues: rules(unit.product, c.priceUnit, body),
    };
  },
  requestSchema,
  locate,
  parseCreated,
  parseError,
  dropped,
};
