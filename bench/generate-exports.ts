// Big platform exports for the benchmark, streamed to disk: a Shopify product CSV (classic
// header, 3 variants and one image-only row per product, metafield and market columns) and a
// WooCommerce export whose variation rows all come after every parent (as an export of selected
// products writes them), shuffled, so each parent waits for its variations.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { gtinCheckDigit } from '../src/product/gtin.js';

const SHOPIFY_HEADER = [
  'Handle', 'Title', 'Body (HTML)', 'Vendor', 'Product Category', 'Type', 'Tags', 'Published', 'Option1 Name', 'Option1 Value', 'Option1 Linked To',
  'Option2 Name', 'Option2 Value', 'Option2 Linked To', 'Option3 Name', 'Option3 Value', 'Option3 Linked To', 'Variant SKU', 'Variant Grams',
  'Variant Inventory Tracker', 'Variant Inventory Qty', 'Variant Inventory Policy', 'Variant Fulfillment Service', 'Variant Price',
  'Variant Compare At Price', 'Variant Requires Shipping', 'Variant Taxable', 'Variant Barcode', 'Image Src', 'Image Position', 'Image Alt Text',
  'Gift Card', 'SEO Title', 'SEO Description', 'Google Shopping / Gender', 'Google Shopping / MPN', 'Color (product.metafields.shopify.color-pattern)',
  'Variant Image', 'Variant Weight Unit', 'Variant Tax Code', 'Cost per item', 'Included / International', 'Price / International', 'Status',
];
const SIZES = ['S', 'M', 'L'];

function gtin13(n: number): string {
  const body = '21' + String(n).padStart(10, '0');
  return body + gtinCheckDigit(body);
}

async function write(path: string, header: string, rows: (emit: (line: string) => Promise<void>) => Promise<void>): Promise<void> {
  const out = createWriteStream(path);
  let chunk = header + '\n';
  const emit = async (line: string) => {
    chunk += line;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  };
  await rows(emit);
  out.end(chunk);
  await once(out, 'finish');
}

/** A Shopify export of about `rows` rows: per product, 3 variant rows and one image-only row. */
export async function generateShopify(path: string, rows: number): Promise<void> {
  const products = Math.ceil(rows / 4);
  await write(path, SHOPIFY_HEADER.join(','), async (emit) => {
    for (let p = 0; p < products; p++) {
      const handle = `shop-product-${p}`;
      const price = `${10 + (p % 90)}.${String(p % 100).padStart(2, '0')}`;
      const img = (k: number) => `https://cdn.shopify.com/s/files/1/0612/3345/7719/files/p${p}-${k}.jpg?v=1718031744`;
      for (let v = 0; v < 3; v++) {
        const first = v === 0;
        const cells = [
          handle, first ? `Generated Product ${p}` : '', first ? `"<p>Product ${p}, with a quoted, comma-separated description.</p>"` : '', first ? 'Harbor & Pine' : '',
          first ? 'Apparel & Accessories > Clothing' : '', first ? 'Shirts' : '', first ? '"linen, summer"' : '', first ? 'true' : '', first ? 'Size' : '', SIZES[v]!, '',
          '', '', '', '', '', '', `SH-${p}-${v}`, String(200 + v * 10), 'shopify', String((p + v) % 50), 'deny', 'manual', price,
          v === 0 ? `${20 + (p % 90)}.00` : '', 'true', 'true', gtin13(p * 3 + v), img(v + 1), String(v + 1), `Image ${v + 1}`,
          first ? 'false' : '', first ? `Product ${p}` : '', '', first ? 'unisex' : '', first ? `MPN-${p}` : '', first ? 'beige' : '',
          img(v + 1), 'g', '', '7.50', first ? 'true' : '', '', first ? 'active' : '',
        ];
        await emit(cells.join(',') + '\n');
      }
      const image = SHOPIFY_HEADER.map((h) => (h === 'Handle' ? handle : h === 'Image Src' ? img(4) : h === 'Image Position' ? '4' : ''));
      await emit(image.join(',') + '\n');
    }
  });
}

const WOO_HEADER = [
  'ID', 'Type', 'SKU', '"GTIN, UPC, EAN, or ISBN"', 'Name', 'Published', '"Is featured?"', '"Visibility in catalog"', '"Short description"', 'Description',
  '"Tax status"', '"In stock?"', 'Stock', '"Backorders allowed?"', '"Weight (kg)"', '"Length (cm)"', '"Width (cm)"', '"Height (cm)"', '"Sale price"',
  '"Regular price"', 'Categories', 'Tags', 'Images', 'Parent', 'Position', 'Brands', '"Attribute 1 name"', '"Attribute 1 value(s)"',
  '"Attribute 1 visible"', '"Attribute 1 global"',
];

/**
 * A WooCommerce export of about `rows` rows: a third of the products simple, the others variable
 * with 3 variations. Every variation row comes after all the parents, in a shuffled order.
 */
export async function generateWoo(path: string, rows: number): Promise<void> {
  const variable = Math.floor(rows / 6);
  const simple = rows - variable * 4;
  const parentId = (p: number) => 100_000 + p;
  await write(path, WOO_HEADER.join(','), async (emit) => {
    let id = 1;
    for (let p = 0, s = 0; p < variable || s < simple;) {
      if (s < simple && (s <= p * (simple / Math.max(1, variable)) || p >= variable)) {
        await emit([id++, 'simple', `WS-${s}`, gtin13(s), `"Simple ${s}"`, 1, 0, 'visible', '"Short."', '"Line one.\\nLine two."', 'taxable', 1, s % 40, 0, '0.25', 10, 8, 2, '', `${5 + (s % 50)}.50`, '"Cat > Sub"', '"a, b"', `https://shop.example/wp-content/uploads/s${s}.jpg`, '', 0, 'Acme', 'Material', 'Cotton', 1, 0].join(',') + '\n');
        s++;
      } else {
        await emit([parentId(p), 'variable', `WV-${p}`, '', `"Variable ${p}"`, 1, 0, 'visible', '"Short."', '"Knitted.\\nWarm."', 'taxable', 1, '', 0, '0.45', 30, 25, 5, '', '', '"Clothing > Knitwear"', 'wool', `"https://shop.example/wp-content/uploads/v${p}-1.jpg, https://shop.example/wp-content/uploads/v${p}-2.jpg"`, '', 0, 'Nordkapp', 'Size', '"S, M, L"', 1, 1].join(',') + '\n');
        p++;
      }
    }
    // Variations last, in an order that scatters each parent's three over the whole tail.
    const total = variable * 3;
    const step = 7_919; // a prime: k → k * step mod total visits every variation once
    for (let k = 0; k < total; k++) {
      const n = total % step === 0 ? k : (k * step) % total;
      const p = Math.floor(n / 3);
      const v = n % 3;
      const parent = v === 0 ? `id:${parentId(p)}` : `WV-${p}`;
      await emit([200_000 + n, 'variation', `WV-${p}-${SIZES[v]}`, gtin13(1_000_000 + n), `"Variable ${p} - ${SIZES[v]}"`, 1, 0, 'visible', '', '', 'taxable', 1, n % 30, 0, '', '', '', '', v === 1 ? '19.00' : '', `${20 + (p % 60)}.00`, '', '', `https://shop.example/wp-content/uploads/v${p}-${v}.jpg`, parent, v + 1, '', 'Size', SIZES[v], '', 1].join(',') + '\n');
    }
  });
}

// `tsx bench/generate-exports.ts shopify|woocommerce OUT.csv ROWS` for hand use.
if (process.argv[1]?.endsWith('generate-exports.ts')) {
  const [kind, path, rows] = process.argv.slice(2);
  if (!path || !rows || (kind !== 'shopify' && kind !== 'woocommerce')) {
    console.error('usage: tsx bench/generate-exports.ts shopify|woocommerce OUT.csv ROWS');
    process.exit(2);
  }
  await (kind === 'shopify' ? generateShopify : generateWoo)(path, Number(rows));
}
