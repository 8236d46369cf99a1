// Helpers every adapter needs: env config, request headers, the `targets.<name>` pass-through,
// amounts as the numbers a vendor holds, and issues. Kept small and stable: every adapter
// depends on it. (Judging a body by the vendor schema is check.ts.)
import { createRequire } from 'node:module';
import type { z } from 'zod';
import { RunError } from '../errors.js';
import { isPlainObject } from '../values.js';
import { hideUserinfo, redact } from '../secrets.js';
import { showFound } from '../issues.js';
import { type Decimal, formatDecimal, parseDecimal } from '../product/decimal.js';
import { toMinorUnits } from '../product/money.js';
import type { Product, Variant } from '../product/fields.js';
import type { TargetName } from './index.js';
import type { Unit, UnitIssue } from './types.js';

// src/targets/shared.ts and dist/targets/shared.js both sit two levels below package.json.
const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

export const USER_AGENT = `catalog-uploader/${pkg.version}`;

/** JSON request headers plus the target's auth headers. */
export function jsonHeaders(auth: Record<string, string>): Record<string, string> {
  return { 'content-type': 'application/json', accept: 'application/json', 'user-agent': USER_AGENT, ...auth };
}

/** A required variable; a missing or blank one is a config error that names it and says how to set it. */
export function requireEnv(env: NodeJS.ProcessEnv, name: string, how: string): string {
  const v = env[name]?.trim();
  if (!v) throw new RunError('config', `missing environment variable ${name}: ${how}`);
  return v;
}

/** `<TARGET>_BASE_URL` or the vendor's default, validated, without a trailing slash. */
export function baseUrlFromEnv(env: NodeJS.ProcessEnv, target: TargetName, fallback?: string): string {
  const name = baseUrlVar(target);
  const raw = env[name]?.trim() || fallback;
  if (!raw) throw new RunError('config', `missing environment variable ${name}: set it to the API's base URL (no default is published)`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RunError('config', `${name} is not a URL: expected e.g. https://api.example.com, found ${JSON.stringify(hideUserinfo(raw))}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RunError('config', `${name} must be an http(s) URL, found ${JSON.stringify(hideUserinfo(raw))}`);
  }
  return url.href.replace(/\/+$/, '');
}

export function baseUrlVar(target: TargetName): string {
  return `${target.toUpperCase()}_BASE_URL`;
}

/** The product's `targets.<name>` object: top-level payload fields passed through as given. */
export function passThrough(product: Product, target: TargetName): Record<string, unknown> {
  return product.targets[target] ?? {};
}

/** Mapped fields, overridden by pass-through ones (the user asked for them explicitly). */
export function withPassThrough<T extends object>(body: T, product: Product, target: TargetName): T {
  return { ...body, ...passThrough(product, target) };
}


/**
 * Unified fields that were given but have no place in the target, in the order listed.
 * `images.alt` means "some image has an alt"; variant fields are named `variants.<field>` once,
 * whichever variants carry them.
 */
export function givenFields(product: Product, productFields: readonly string[], variantFields: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const [f, path] of pathsOf(productFields)) if (given(product, path, 0)) out.push(f);
  for (const [f, path] of pathsOf(variantFields)) if (given(product.variants, path, 0)) out.push(`variants.${f}`);
  return out;
}

// Runs for every unit: the field lists are module constants, so each is split once.
const split = new WeakMap<readonly string[], [string, string[]][]>();

function pathsOf(fields: readonly string[]): [string, string[]][] {
  let paths = split.get(fields);
  if (!paths) split.set(fields, (paths = fields.map((f) => [f, f.split('.')])));
  return paths;
}

function given(v: unknown, path: string[], at: number): boolean {
  if (Array.isArray(v)) {
    for (const x of v) if (given(x, path, at)) return true;
    return false;
  }
  if (at === path.length) return v !== undefined && !(isPlainObject(v) && Object.keys(v).length === 0);
  return isPlainObject(v) && given(v[path[at]!], path, at + 1);
}


/** A vendor message as one short line (bodies can be HTML error pages or multi-line text); redacted before it is cut. */
export function oneLine(text: string, max = 300): string {
  const s = redact(text).replace(/\s+/g, ' ').trim();
  return s.length > max ? s.slice(0, max - 3) + '...' : s;
}

/** Fallback when a body says nothing useful. */
export function statusMessage(status: number, body: unknown): string {
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  return oneLine(text ? `HTTP ${status}: ${text}` : `HTTP ${status}`);
}

/**
 * An error body as one line: plain text as is, a JSON object through the vendor's reader, and
 * the status (with the body) when neither says anything.
 */
export function readError(status: number, body: unknown, fromObject: (b: Record<string, unknown>) => string | undefined): string {
  if (typeof body === 'string' && body.trim()) return oneLine(body);
  const m = typeof body === 'object' && body !== null ? fromObject(body as Record<string, unknown>) : undefined;
  return m ? oneLine(m) : statusMessage(status, body);
}

/** One unit per product, keyed by its handle (the parser sets it to the first sku when absent). */
export function productUnits(product: Product, source: string): Unit[] {
  return [{ key: product.handle ?? product.variants[0]!.sku, source, product }];
}

/** A variant's title for targets that need one: its own, else its option values ("M / Blue"), else the fallback. */
export function variantTitle(v: Variant, fallback: string): string {
  return v.title ?? (v.options?.length ? v.options.map((o) => o.value).join(' / ') : fallback);
}

/** A copy without undefined values, so bodies (and golden files) hold only what is sent. */
export function compact<T extends Record<string, unknown>>(obj: T): T {
  // A plain loop: this runs for every body and variant, and entries/filter/fromEntries allocate.
  const out: Record<string, unknown> = {};
  for (const k in obj) if (obj[k] !== undefined) out[k] = obj[k];
  return out as T;
}

/** An issue with a value shown as users see found values. */
export function issue(code: string, field: string, expected: string, found: unknown): UnitIssue {
  return { code, field, expected, found: showFound(found) };
}

// ---- amounts: a conversion never throws; what a vendor cannot hold is an issue ----

/** Integer minor units (cents) of a canonical amount, or undefined past 2^53 (no JSON number holds it exactly). */
export function minorUnits(amount: string, currency: string): number | undefined {
  try {
    return toMinorUnits(amount, currency);
  } catch {
    return undefined;
  }
}

/**
 * A decimal as the JSON number that reads back as exactly it, or undefined when no such number
 * exists (past 2^53, or more significant digits than a double keeps): sending a nearby number
 * instead would change the amount without a word.
 */
export function exactNumber(d: Decimal | string | undefined): number | undefined {
  const dec = typeof d === 'string' ? parseDecimal(d) : d;
  if (!dec) return undefined;
  const text = formatDecimal(dec);
  const n = Number(text);
  return Math.abs(n) <= Number.MAX_SAFE_INTEGER && String(n) === text ? n : undefined;
}

export const MINOR_UNITS_LIMIT = `an amount below 2^53 minor units (at most ${Number.MAX_SAFE_INTEGER} cents)`;
export const EXACT_NUMBER_LIMIT = `an amount a JSON number holds exactly (at most ${Number.MAX_SAFE_INTEGER}, and about 15 significant digits)`;

// ---- sandbox helpers ----

/**
 * Fakes check the shape of credentials, not their value, so any real-looking key works; a
 * value starting with `invalid` is refused, so tests can exercise a rejected credential.
 */
export function acceptsSecret(value: string | undefined): value is string {
  return !!value && value.trim() !== '' && !value.startsWith('invalid');
}

/** A strict-schema failure as `path: message` lines, for a fake's own 400 body. */
export function schemaProblems(schema: z.ZodType, body: unknown): { path: PropertyKey[]; message: string }[] {
  const r = schema.safeParse(body);
  if (r.success) return [];
  return r.error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: [...i.path, k], message: 'unknown field' }))
      : [{ path: i.path, message: i.message }],
  );
}

/**
 * The next page of a list whose end the vendor does not document (Veeqo's, Pandabase's without
 * pagination): the page size asked for may not be the one served, so only an empty page ends it
 * (a short one proves nothing), and a page that starts with the item the last one started with
 * means the server does not page: the list ends there. Cursors are `<page>:<first id before>`.
 */
export function openNextPage(items: readonly unknown[], cursor: string | undefined): string | undefined {
  if (items.length === 0) return undefined;
  const [page = '1', before] = (cursor ?? '1').split(':');
  const head = items[0];
  const first = String(typeof head === 'object' && head !== null ? (head as { id?: unknown }).id : head);
  return first === before ? undefined : `${Number(page) + 1}:${first}`;
}

/** The page number of an `openNextPage` cursor (`1` for none). */
export function pageOf(cursor: string | undefined): string {
  return (cursor ?? '1').split(':')[0]!;
}

