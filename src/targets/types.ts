// The one interface every target implements (docs/architecture.md, "Targets"). An adapter is data plus pure
// functions: it builds each request once and reads responses, but never sends anything itself.
// The engine judges every built body against the target's strict vendor schema (check.ts).
import type { z } from 'zod';
import type { Product, Variant } from '../product/fields.js';
import type { TargetName } from './index.js';

export type { TargetName } from './index.js';

/** What one request creates: a product (most targets) or one variant of it (S2). */
export interface Unit {
  /** Stable identity across runs: the product handle, or the sku for per-variant targets. */
  key: string;
  /** Where it came from: `file:line` or `file#/3`. */
  source: string;
  product: Product;
  /** Set when the target creates one unit per variant. */
  variant?: Variant;
}

export interface UnitIssue {
  /** Stable reason, `<target>.<field>.<rule>` (`fanfare.url.required`) or `<target>.schema.<zod code>`. */
  code: string;
  /** Unified field path, e.g. `variants[1].barcode`, `case.length`, `kind`. */
  field: string;
  expected: string;
  found: string;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Path and query relative to the base URL, e.g. `/stores/abc/products/?search=x`. */
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** A unit's request, built once: the engine validates its body, records it and sends it as is. */
export interface Built {
  /** Absent when the unit cannot be expressed at all (the issues say why). */
  request?: RequestSpec;
  /** The target's own rules about the unit (cross-field, limits), located at unified fields. */
  issues: UnitIssue[];
}

export interface EnvVar {
  name: string;
  required: boolean;
  /** Secrets are never printed, logged or written; the engine redacts their values. */
  secret: boolean;
  description: string;
}

export type Dedupe<C> =
  | { kind: 'idempotency-key'; description: string; lookup?: Lookup<C> }
  | { kind: 'upsert'; description: string }
  | { kind: 'lookup'; description: string; lookup: Lookup<C> }
  | { kind: 'none'; description: string };

/**
 * How to ask the target whether a unit already exists. Paged listings return `next` until the
 * unit is found or the pages run out.
 */
export interface Lookup<C> {
  request(unit: Unit, config: C, cursor?: string): RequestSpec;
  /**
   * found: remote id of the existing unit; next: cursor of the next page, if any. `cursor` is
   * the one this page was requested with (undefined for the first page). Throws when the body
   * is not the vendor's listing: an answer that cannot be read is never evidence of absence.
   */
  match(unit: Unit, body: unknown, cursor?: string): { found?: string; next?: string };
}

export interface RateLimitDoc {
  /** Sustained requests per second we default to. */
  perSecond: number;
  /** Bucket size (requests that may go at once after idle time). */
  burst: number;
  /** What the vendor documents, in words. */
  description: string;
}

export interface Target<C = any> {
  name: TargetName;
  title: string;
  docsUrl: string;
  env: EnvVar[];
  /** Parses credentials and base URL from the environment; throws RunError('config') naming the variable. */
  readConfig(env: NodeJS.ProcessEnv): C;
  /** Base URL from a parsed config (for the engine's pool and the http:// guard). */
  baseUrl(config: C): string;
  rateLimit: RateLimitDoc;
  dedupe: Dedupe<C>;
  units(product: Product, source: string): Unit[];
  /**
   * The unit's request and the target's own issues with it. Pure and total: never throws (an
   * amount the vendor cannot hold is an issue), same answer for the same unit and config.
   */
  build(unit: Unit, config: C): Built;
  /** Strict zod schema of the vendor's documented request body. */
  requestSchema: z.ZodType;
  /** Where in the body the `targets.<name>` pass-through is merged (`['product']` for Veeqo); default the body itself. */
  bodyRoot?: PropertyKey[];
  /** The unified field a body path (below bodyRoot) came from, e.g. ['variants', 1, 'price'] → `variants[1].price`. */
  locate(unit: Unit, path: PropertyKey[]): string;
  /** The created unit's id from a success body; throws when there is none. */
  parseCreated(body: unknown): string;
  /** The vendor's message from an error body, on one line. */
  parseError(status: number, body: unknown): string;
  /** Unified fields the target's own rules require beyond its body schema, and why (`targets` lists them). */
  alsoRequired?: { field: string; why: string }[];
  /** Unified fields that were given but this target has no place for (the config may give one, like Veeqo's warehouse). */
  dropped(unit: Unit, config?: C): string[];
  /** Second runs: how the target finds what it holds, and updates it (absent: create only, no lookup). */
  existing?: Existing<C>;
}

// ---- second runs: what a target already holds (src/run/existing.ts drives these) ----

/** A product the target holds, as a lookup or listing read it: compact, only what an update compares or keeps. */
export interface Remote {
  id: string;
  /** Every sku it holds (the index of a listing is by sku). */
  skus: string[];
  /** Stored product values, by the target's field name. */
  fields: Record<string, unknown>;
  /** Stored variants by sku: the target's id of each and its stored values. */
  variants: Map<string, RemoteVariant>;
}

export interface RemoteVariant {
  /** The target's id of the variant (Veeqo sellable id, Pandabase variant id), where it has one. */
  id?: string;
  fields: Record<string, unknown>;
  /** Stock level by location (Veeqo: warehouse id). */
  stock?: Record<string, number>;
}

/** What the catalog gives for a unit, in the target's terms: only given values, never a default. */
export interface Desired {
  fields: Record<string, unknown>;
  variants: Map<string, Record<string, unknown>>;
}

/** One difference between what the target holds and what the catalog gives. `field: 'variant'` is a variant to add. */
export interface Change {
  field: string;
  sku?: string;
  from: unknown;
  to: unknown;
}

export interface Existing<C> {
  /** Finds one unit (paged); the same shape as the dedupe lookup, which it usually is. */
  lookup: Lookup<C>;
  /** The products in a lookup or listing answer; undefined when the answer cannot be read. */
  items(body: unknown): unknown[] | undefined;
  /** One product of such an answer, compactly; undefined when it has no id. */
  read(item: unknown): Remote | undefined;
  /** Every product the target holds, page by page: one request covers many units. */
  listing?: {
    request(config: C, cursor?: string): RequestSpec;
    /** The next page's cursor, or undefined after the last. */
    next(body: unknown, cursor?: string): string | undefined;
    /** Another spelling of a cursor, tried once when a page asked for with the cursor as given fails (Panora). */
    altCursor?(cursor: string): string | undefined;
  };
  /** True when the lookup itself pages the whole catalog (Panora): the shared listing is always cheaper. */
  scans?: boolean;
  /** How to update a product it holds; absent: no documented update (`--existing update` is refused). */
  update?: Updater<C>;
  /** Stock levels set after a create or update (Veeqo); absent: none. */
  stock?: StockLevels<C>;
}

export interface Updater<C> {
  /** The unit's given values from its built create body (never a default the create adds). */
  desired(unit: Unit, createBody: unknown): Desired;
  /** The update request sending these changes (only they, or what the vendor needs besides). */
  request(unit: Unit, remote: Remote, changes: Change[], createBody: unknown, config: C): RequestSpec;
  /** Strict schema of the update body: judged before sending, like a create body. */
  requestSchema: z.ZodType;
}

export interface StockLevels<C> {
  /** The environment variable naming the location; `--warehouse` sets it. */
  env: string;
  /** The location (warehouse id) from the config; undefined: stock is not set. */
  location(config: C): string | undefined;
  /** How to find a location id, for the warning when none is given. */
  hint: string;
  /** The request setting one variant's level there (a PUT: repeating it is safe). */
  request(variantId: string, location: string, level: number, config: C): RequestSpec;
}

// ---- sandbox contract (see src/sandbox/server.ts) ----

export interface SandboxRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  /** Parsed JSON body, or undefined when none; `rawBody` when it was not JSON. */
  body: unknown;
  rawBody: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What a vendor fake knows; the server adds faults, rate limiting and the record of creations. */
export interface SandboxBehaviour {
  /** Credentials the fake accepts, as environment variables (used by `upload --sandbox`). */
  dummyEnv(baseUrl: string): Record<string, string>;
  /** Path prefix the fake serves, e.g. `/api` for Fanfare (so base URL = origin + prefix). */
  basePath: string;
  /** null when the auth headers are right; otherwise the vendor's own 401/403 response. */
  checkAuth(req: SandboxRequest): SandboxResponse | null;
  /** The vendor's 429 response, given seconds until the window resets. */
  rateLimited(resetSeconds: number, resetEpoch: number, limit: number): SandboxResponse;
  /** Rate-limit headers the vendor sends on every response (may be empty). */
  rateHeaders(limit: number, remaining: number, resetEpoch: number): Record<string, string>;
  /** The vendor's 500/503 body for an injected failure. */
  serverError(status: number): SandboxResponse;
  /** Handles a routed request against the store (create, lookup, …). */
  handle(req: SandboxRequest, store: SandboxStore): SandboxResponse;
}

/** In-memory record of what a fake created: tests assert "each unit created exactly once". */
export interface SandboxStore {
  /** Every successful create, in order (an upsert that updated counts as an update, not a create). */
  created: { id: string; key: string; body: unknown }[];
  /** Every successful update of a product (upsert that updated, PUT, PATCH), in order. */
  updated: { id: string; key: string; body: unknown }[];
  /** updated.length */
  readonly updates: number;
  byKey: Map<string, { id: string; body: unknown }>;
  /** Free-form per-target state (idempotency keys, …). */
  state: Map<string, unknown>;
  nextId(prefix?: string): string;
}
