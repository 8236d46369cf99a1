// Fanfare's fake: Bearer sk_live_/sk_test_ keys, the validation_error body, epoch-second rate
// headers, and the upsert: a POST whose primarySyncSource matches an earlier one replaces that
// product (same ids; recorded in store.updated, answered 200) instead of creating a second: a
// field the POST leaves out is gone, the strictest reading of an upsert. GET /products/search
// finds products by sync source. Bodies are
// judged by the strict postProducts schema, so a flat media asset is refused as Fanfare does.
import { acceptsSecret, schemaProblems } from '../shared.js';
import type { SandboxBehaviour, SandboxRequest, SandboxResponse, SandboxStore } from '../types.js';
import { PRODUCTS_PATH, requestSchema, type FanfareProductInput } from './schema.js';

const ORGANIZATION_ID = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const CREATED_BY = 'api_key';
const KEY_RE = /^Bearer (sk_(?:live|test)_\S+)$/;

type Audit = { archived: boolean; createdAt: string; createdBy: string; organizationId: string; updatedAt: string; updatedBy: string };
type Variant = Audit & { id: string; productId: string; sku: string; price: string; inventoryQuantity: number; metadata: unknown; options: unknown[] };
type SyncSource = Audit & { id: string; syncSource: string; syncSourceId: string; lastSyncedAt: string; sourceData: null; syncStatus: 'SUCCESS' };

/** The documented 2xx body ("Product created or updated successfully"), as far as this fake fills it. */
type FanfareProduct = Audit & {
  id: string;
  variants: Variant[];
  primarySyncSource: SyncSource | null;
} & Record<string, unknown>;

type Synced = Map<string, FanfareProduct>;

function synced(store: SandboxStore): Synced {
  let m = store.state.get('fanfare.bySyncSource') as Synced | undefined;
  if (!m) store.state.set('fanfare.bySyncSource', (m = new Map()));
  return m;
}

function validationError(issues: { message: string; path: PropertyKey[] }[]): SandboxResponse {
  return {
    status: 400,
    body: {
      error: 'validation_error',
      issues: issues.map((i) => ({ message: i.message, path: i.path.map((k) => ({ key: typeof k === 'number' ? k : String(k) })) })),
    },
  };
}

/** The documented response, built from the request; `prev` keeps ids and creation data on update. */
function productFrom(input: FanfareProductInput, store: SandboxStore, prev?: FanfareProduct): FanfareProduct {
  const now = new Date().toISOString();
  const id = prev?.id ?? store.nextId();
  const audit = (createdAt = now) => ({ archived: false, createdAt, createdBy: CREATED_BY, organizationId: ORGANIZATION_ID, updatedAt: now, updatedBy: CREATED_BY });
  const variants = (input.variants ?? []).map((v) => {
    const old = prev?.variants?.find((x) => x.sku === v.sku);
    return {
      ...audit(old?.createdAt),
      id: old?.id ?? store.nextId(),
      productId: id,
      sku: v.sku,
      price: v.price,
      inventoryQuantity: v.inventoryQuantity,
      metadata: v.metadata ?? null,
      options: (v.optionValues ?? []).map((o) => ({ optionId: store.nextId(), optionName: o.optionName, value: o.value, valueId: store.nextId() })),
    };
  });
  const sync = input.primarySyncSource
    ? {
        ...audit(prev?.primarySyncSource?.createdAt),
        id: prev?.primarySyncSource?.id ?? store.nextId(),
        syncSource: input.primarySyncSource.syncSource,
        syncSourceId: input.primarySyncSource.syncSourceId,
        lastSyncedAt: now,
        sourceData: null,
        syncStatus: 'SUCCESS' as const,
      }
    : null;
  return {
    ...audit(prev?.createdAt),
    id,
    name: input.name,
    url: input.url,
    description: input.description ?? null,
    handle: input.handle ?? null,
    metadata: input.metadata ?? null,
    defaultVariantId: input.defaultVariantId ?? variants[0]?.id ?? null,
    primaryExternalId: sync?.syncSourceId ?? null,
    primaryLastSyncedAt: sync ? now : null,
    primarySourceVendor: sync?.syncSource ?? null,
    primarySyncSource: sync,
    primarySyncSourceId: sync?.id ?? null,
    productMediaAssets: (input.productMediaAssets ?? []).map((m) => {
      const mediaAssetId = store.nextId();
      const a = m.mediaAsset;
      return {
        id: store.nextId(),
        mediaAssetId,
        mediaAsset: {
          ...audit(), id: mediaAssetId, name: a.name, altText: a.altText ?? null, description: a.description ?? null,
          sourceUrl: a.sourceUrl ?? null, publicUrl: a.sourceUrl ?? null, thumbnailUrl: a.thumbnailUrl ?? null,
        },
        organizationId: ORGANIZATION_ID,
        position: m.position,
        productId: id,
        purpose: m.purpose,
      };
    }),
    variants,
  };
}

function upsert(req: SandboxRequest, store: SandboxStore): SandboxResponse {
  if (req.body === undefined) return validationError([{ message: 'Request body must be valid JSON', path: [] }]);
  const problems = schemaProblems(requestSchema, req.body);
  if (problems.length) return validationError(problems);
  const input = req.body as FanfareProductInput;
  const sourceKey = input.primarySyncSource ? `${input.primarySyncSource.syncSource}\u0000${input.primarySyncSource.syncSourceId}` : undefined;
  const prev = sourceKey ? synced(store).get(sourceKey) : undefined;
  const product = productFrom(input, store, prev);
  if (sourceKey) synced(store).set(sourceKey, product);
  // The adapter's unit key is the syncSourceId, so both sides name a unit the same way.
  const key = input.primarySyncSource?.syncSourceId ?? product.id;
  store.byKey.set(key, { id: product.id, body: req.body });
  if (prev) {
    store.updated.push({ id: product.id, key, body: req.body });
    return { status: 200, body: product };
  }
  store.created.push({ id: product.id, key, body: req.body });
  return { status: 201, body: product };
}

/**
 * GET /products/search by sync source. Documented to exist; its parameters and answer are not, so
 * the fake takes exactly `syncSource` and `syncSourceId` (anything else is a 400) and answers
 * `{data: [...]}` with the products of that source.
 */
function search(req: SandboxRequest, store: SandboxStore): SandboxResponse {
  const unknown = [...req.query.keys()].filter((k) => k !== 'syncSource' && k !== 'syncSourceId');
  const source = req.query.get('syncSource');
  const id = req.query.get('syncSourceId');
  const issues = [
    ...unknown.map((k) => ({ message: 'Unrecognized query parameter', path: [k] })),
    ...(source ? [] : [{ message: 'Required', path: ['syncSource'] }]),
  ];
  if (issues.length) return validationError(issues);
  // By the upsert's own key when the id is given (a search per product must not scan them all).
  const one = id === null ? undefined : synced(store).get(`${source}\u0000${id}`);
  const data = id === null ? [...synced(store).values()].filter((p) => p.primarySyncSource?.syncSource === source) : one ? [one] : [];
  return { status: 200, body: { data } };
}

export const sandbox: SandboxBehaviour = {
  basePath: '/api',
  dummyEnv: (baseUrl) => ({ FANFARE_SECRET_KEY: 'sk_test_sandbox_fanfare', FANFARE_BASE_URL: baseUrl }),
  checkAuth(req) {
    const m = KEY_RE.exec(req.headers.authorization ?? '');
    if (m && acceptsSecret(m[1]!.replace(/^sk_(live|test)_/, ''))) return null;
    return { status: 401, body: { error: 'Unauthorized: expected Authorization: Bearer sk_live_… or sk_test_…' } };
  },
  rateLimited(resetSeconds, resetEpoch, limit) {
    return {
      status: 429,
      headers: {
        'Retry-After': String(resetSeconds),
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(resetEpoch),
      },
      body: { error: 'Too many requests', retryAfter: resetSeconds },
    };
  },
  rateHeaders: (limit, remaining, resetEpoch) => ({
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': String(resetEpoch),
  }),
  serverError: (status) => ({ status, body: { error: status === 503 ? 'Service unavailable' : 'Internal server error' } }),
  handle(req, store) {
    if (req.path === PRODUCTS_PATH && req.method === 'POST') return upsert(req, store);
    if (req.path === `${PRODUCTS_PATH}/search` && req.method === 'GET') return search(req, store);
    if (req.path === PRODUCTS_PATH) return { status: 405, body: { error: `Method ${req.method} not allowed` } };
    return { status: 404, body: { error: 'Not found' } };
  },
};
