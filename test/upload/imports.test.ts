// Files users already have, uploaded as they are: a Shopify export, a WooCommerce export, an
// Excel CSV and a wrapped JSON file go to the Veeqo and Fanfare sandboxes over HTTP, and every
// variant's sku, price, compare-at price, stock and weight is read back from what the sandbox
// received (/__sandbox/created; Veeqo's stock from its listing, set per warehouse with
// --warehouse): carried exactly where the vendor has the field, and named as left out where it has
// none (a compare-at price: neither vendor documents one; a weight: Fanfare has none).
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { guessJson } from '../../src/input/guess.js';
import type { Variant } from '../../src/product/fields.js';
import { toGrams, type WeightUnit } from '../../src/product/units.js';
import { formatDecimal } from '../../src/product/decimal.js';
import { fixture, run, tempDir } from '../helpers.js';
import { sandboxFor } from './harness.js';

const EXPORTS = fixture('exports');
const dir = tempDir('cu-imports-');
// Fanfare wants each product's page URL, which exports do not carry: one map line gives it.
const PAGE_URL = { url: 'https://shop.example.com/products/{handle}' };
const write = (name: string, map: object) => {
  writeFileSync(path.join(dir, name), JSON.stringify(map));
  return path.join(dir, name);
};
const urlMap = write('url.map.json', { constants: PAGE_URL });
const wrappedGuess = guessJson((JSON.parse(readFileSync(path.join(EXPORTS, 'wrapped.json'), 'utf8')) as { data: unknown[] }).data);
const wrappedMap = write('wrapped.map.json', wrappedGuess);
const wrappedUrlMap = write('wrapped-url.map.json', { ...wrappedGuess, constants: PAGE_URL });

/** Flags per file, for Veeqo and for Fanfare. */
// Veeqo keeps stock per warehouse, set after the create: the fake's own warehouse.
const WAREHOUSE = '22668';
const FILES: [string, string[], string[]][] = [
  ['shopify-products.csv', ['--warehouse', WAREHOUSE], ['--map', urlMap]],
  ['woocommerce-products.csv', ['--warehouse', WAREHOUSE], ['--map', urlMap]],
  ['excel-semicolon.csv', ['--decimal-comma', '--warehouse', WAREHOUSE], ['--decimal-comma', '--map', urlMap]],
  ['wrapped.json', ['--map', wrappedMap, '--warehouse', WAREHOUSE], ['--map', wrappedUrlMap]],
];

type Body = Record<string, unknown>;
interface Sent {
  sku: unknown; price: unknown; compareAt?: unknown; stock?: unknown; grams?: unknown;
}

/** Each target: where the five fields are in its body, and which it has no place for (neither vendor documents a compare-at price). */
const TARGETS: Record<string, { variants: (b: Body) => Sent[]; price: (v: Variant) => unknown; dropped: string[] }> = {
  fanfare: {
    variants: (b) => (b.variants as Body[]).map((v) => ({ sku: v.sku, price: v.price, stock: v.inventoryQuantity })),
    price: (v) => v.price,
    dropped: ['compare_at_price', 'weight'],
  },
  veeqo: {
    variants: (b) => ((b.product as Body).product_variants_attributes as Body[]).map((v) => ({ sku: v.sku_code, price: v.price, grams: v.weight_grams })),
    price: (v) => Number(v.price),
    dropped: ['compare_at_price'],
  },
};

/** Each sku's physical stock level in WAREHOUSE, as Veeqo's product listing shows it. */
async function veeqoStock(base: string, key: string): Promise<Map<string, number | undefined>> {
  const products = (await (await fetch(`${base}/products?page_size=100&page=1`, { headers: { 'x-api-key': key } })).json()) as { sellables: { sku_code: string; stock_entries?: { warehouse_id: number; physical_stock_level: number }[] }[] }[];
  return new Map(products.flatMap((p) => p.sellables.map((s) => [s.sku_code, s.stock_entries?.find((e) => String(e.warehouse_id) === WAREHOUSE)?.physical_stock_level] as const)));
}

function expectedVariants(file: string): Variant[] {
  const exp = JSON.parse(readFileSync(path.join(EXPORTS, file.replace(/\.(csv|json)$/, '.expected.json')), 'utf8')) as { products: { variants: Variant[] }[] };
  return exp.products.flatMap((p) => p.variants);
}

describe('exports uploaded as they are: every variant field carried exactly', () => {
  for (const [file, veeqoFlags, fanfareFlags] of FILES) {
    for (const target of Object.keys(TARGETS)) {
      const flags = target === 'veeqo' ? veeqoFlags : fanfareFlags;
      test(`${file} → ${target}`, async () => {
        const h = await sandboxFor(target);
        try {
          const report = path.join(dir, `${file}-${target}.jsonl`);
          const r = await run(['upload', path.join(EXPORTS, file), '--target', target, '--report', report, '--rate', 'unlimited', '--json', ...flags], { env: h.env });
          assert.equal(r.code, 0, r.stderr);
          const summary = JSON.parse(r.stdout) as { warning_groups: { code: string; message: string }[] };
          const created = (await (await fetch(`${new URL(h.sandbox.url).origin}/__sandbox/created`)).json()) as { body: Body }[];
          const t = TARGETS[target]!;
          const sent = new Map(created.flatMap((c) => t.variants(c.body)).map((v) => [v.sku, v]));
          const want = expectedVariants(file);
          const stock = target === 'veeqo' ? await veeqoStock(h.sandbox.url, h.env.VEEQO_API_KEY!) : undefined;
          assert.equal(sent.size, want.length, 'one variant sent for each expected');
          for (const v of want) {
            const s = sent.get(v.sku)!;
            assert.ok(s, `${v.sku} sent`);
            assert.deepEqual(s.price, t.price(v), `${v.sku} price`);
            if (target === 'fanfare') assert.equal(s.stock, v.inventory_quantity ?? 0, `${v.sku} stock`);
            if (target === 'fanfare') assert.match(String(created.find((c) => t.variants(c.body).some((x) => x.sku === v.sku))!.body.url), /^https:\/\/shop\.example\.com\/products\/[\w%-]+$/);
            if (target === 'veeqo') {
              const grams = v.weight === undefined ? undefined : Number(formatDecimal(toGrams(v.weight, v.weight_unit as WeightUnit)));
              assert.equal(s.grams, grams, `${v.sku} weight`);
              assert.equal(stock!.get(v.sku), v.inventory_quantity, `${v.sku} stock, set in warehouse ${WAREHOUSE}`);
            }
          }
          // What the vendor has no field for is said once for the run, with the units that had it.
          const dropped = summary.warning_groups.find((g) => g.code === `${target}.dropped`)?.message ?? '';
          for (const field of t.dropped) {
            const given = want.filter((v) => v[field as keyof Variant] !== undefined).length;
            const said = new RegExp(`variants\\.${field} \\((\\d+)\\)`).exec(dropped)?.[1];
            assert.equal(Number(said ?? 0), created.filter((c) => t.variants(c.body).some((x) => want.find((v) => v.sku === x.sku && v[field as keyof Variant] !== undefined))).length, `${field}: named as left out, for the units that had it`);
            assert.equal(said !== undefined, given > 0);
          }
        } finally {
          await h.close();
        }
      });
    }
  }
});

test('a WooCommerce export with --dry-run, then upload, then --resume: sent once, every unit skipped the second time', async () => {
  const h = await sandboxFor('veeqo');
  try {
    const report = path.join(dir, 'woo-resume.jsonl');
    const base = ['upload', path.join(EXPORTS, 'woocommerce-products.csv'), '--target', 'veeqo', '--rate', 'unlimited', '--json'];
    const dry = await run([...base, '--dry-run', '--report', path.join(dir, 'woo-dry.jsonl')], { env: h.env });
    assert.equal(JSON.parse(dry.stdout).units.valid, 5, dry.stderr);
    assert.equal(h.sandbox.store.created.length, 0, 'a dry run sends nothing');
    const first = await run([...base, '--report', report], { env: h.env });
    assert.equal(JSON.parse(first.stdout).units.created, 5, first.stderr);
    const again = await run([...base, '--report', report, '--resume'], { env: h.env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).units.skipped, 5);
    assert.equal(h.sandbox.store.created.length, 5, 'nothing created twice');
  } finally {
    await h.close();
  }
});
