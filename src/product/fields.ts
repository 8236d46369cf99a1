// The unified product, declared once: every field with its level, value type, whether it is
// required, a one-line description, its CSV column(s) and an example. Everything else is derived
// from this table: the zod schema (schema.ts), the fast path (fast.ts), the CSV columns and row
// builder (input/columns.ts, input/rows.ts), the JSON reader's known keys (input/json.ts),
// `catalog-upload schema`, `schema --json-schema` (json-schema.ts) and the README's column table
// (a test compares it with `schema`). Adding a field is one line here (and its use in targets).
import { bool, type CellType, code, country, currencyCode, decimal, gtin, hsCode, httpUrl, money, oneOf, text, whole } from './cells.js';
import { DIMENSION_UNITS, WEIGHT_UNITS } from './units.js';

export const KINDS = ['physical', 'digital_download', 'license_key', 'subscription'] as const;
export const STATUSES = ['active', 'draft', 'archived'] as const;
export const CONDITIONS = ['new', 'used', 'refurbished'] as const;
export const INVENTORY_POLICIES = ['deny', 'continue'] as const;
export const BILLING_INTERVALS = ['weekly', 'monthly', 'yearly'] as const;
export const MAX_OPTIONS = 3;

interface Doc {
  /** One line for `schema` and the README. */
  doc: string;
  /** A value as it would be written in a CSV cell. */
  example: string;
}

/** A field read from one cell (or JSON value) by one parser. */
export interface PlainField<T = unknown, R extends boolean = boolean> extends Doc {
  kind: 'plain';
  type: CellType<T>;
  required: R;
  /** The value when none is given (then the output always has one). */
  default?: T;
  /** CSV column name when it differs from the key (variant `title` is `variant_title`). */
  column?: string;
}
/** Text items: a JSON array, or one cell separated by `separator`. */
export interface ListField extends Doc {
  kind: 'list';
  item: CellType<string>;
  separator: string;
}
/** Images: JSON URLs or {url, alt}; CSV `image_urls` and `image_alts`, separated by |. */
export interface ImagesField extends Doc {
  kind: 'images';
  item: { url: CellType<string>; alt: CellType<string> };
  columns: { urls: Doc & { name: string }; alts: Doc & { name: string } };
}
/** The user's own key → scalar values; CSV `metadata.<key>`. */
export interface MetadataField extends Doc {
  kind: 'metadata';
}
/** Per-target payload fields passed straight through; CSV `<target>.<field>`. */
export interface TargetsField extends Doc {
  kind: 'targets';
}
/** The currency of the product's amounts: read first, it picks the money parsers. */
export interface CurrencyField extends Doc {
  kind: 'currency';
  type: CellType<string>;
}
/** A nested object of plain fields; CSV columns `<prefix><key>`. */
export interface GroupField<G extends Record<string, PlainField> = Record<string, PlainField>> extends Doc {
  kind: 'group';
  fields: G;
  prefix: string;
}
/** Up to three options telling variants apart; CSV option{n}_name (first row) and option{n}_value. */
export interface OptionsField extends Doc {
  kind: 'options';
  name: CellType<string>;
  value: CellType<string>;
}
export interface VariantsField extends Doc {
  kind: 'variants';
}

export type Field = PlainField | ListField | ImagesField | MetadataField | TargetsField | CurrencyField | GroupField | OptionsField | VariantsField;

function plain<T>(type: CellType<T>, doc: string, example: string, opts?: { column?: string }): PlainField<T, false>;
function plain<T>(type: CellType<T>, doc: string, example: string, opts: { required: true; column?: string }): PlainField<T, true>;
function plain<T>(type: CellType<T>, doc: string, example: string, opts: { default: T }): PlainField<T, true>;
function plain<T>(type: CellType<T>, doc: string, example: string, opts: { required?: boolean; column?: string; default?: T } = {}): PlainField<T> {
  return { kind: 'plain', type, doc, example, required: opts.required ?? opts.default !== undefined, default: opts.default, column: opts.column };
}

/**
 * Measures are sent as JSON numbers after conversion (g, mm, kg): up to a billion in any unit,
 * the converted number stays far below 2^53 and is sent as the value written, never as 1e+26.
 */
const MAX_MEASURE = 1_000_000_000;
const dimension = (what: string, positive = false) => decimal(what, { positive, max: MAX_MEASURE });

export const CASE_FIELDS = {
  unit: plain(text(32), 'what the case holds, like EACH', 'EACH'),
  pack: plain(whole(1), 'units per case, 1 or more', '12'),
  length: plain(dimension('a length', true), 'case length (needs the case dimension unit)', '40'),
  width: plain(dimension('a width', true), 'case width', '30'),
  height: plain(dimension('a height', true), 'case height', '20'),
  dimension_unit: plain(oneOf(DIMENSION_UNITS), 'mm, cm, m or in', 'cm'),
  weight: plain(dimension('a weight', true), 'case weight (needs the case weight unit)', '2.5'),
  weight_unit: plain(oneOf(WEIGHT_UNITS), 'g, kg, lb or oz', 'kg'),
};

export const SUBSCRIPTION_FIELDS = {
  billing_interval: plain(oneOf(BILLING_INTERVALS), 'weekly, monthly or yearly (required for a subscription)', 'monthly'),
  trial_days: plain(whole(0), 'free trial length in days', '14'),
};

export const VARIANT_FIELDS = {
  sku: plain(code('a sku'), 'stock keeping unit, unique in the run (required)', 'TEE-S-BLK', { required: true }),
  title: plain(text(255), 'variant name, like "Small"', 'Small', { column: 'variant_title' }),
  price: plain(money(), "price in the currency's minor digits, like 19.90 (required)", '19.90', { required: true }),
  compare_at_price: plain(money(), 'the "was" price, above price', '25.00'),
  cost_price: plain(money(), 'what the item costs you', '7.50'),
  barcode: plain(gtin(), 'GTIN-8/12/13/14 (UPC/EAN) with a valid check digit; format the column as Text', '5901234123457'),
  inventory_quantity: plain(whole(-1_000_000_000), 'units in stock, a whole number', '25'),
  inventory_policy: plain(oneOf(INVENTORY_POLICIES), 'deny (stop selling at 0) or continue', 'deny'),
  weight: plain(dimension('a weight'), 'weight of one unit (needs weight_unit)', '180'),
  weight_unit: plain(oneOf(WEIGHT_UNITS), 'g, kg, lb or oz', 'g'),
  length: plain(dimension('a length'), 'length of one unit (needs dimension_unit)', '30'),
  width: plain(dimension('a width'), 'width of one unit (needs dimension_unit)', '20'),
  height: plain(dimension('a height'), 'height of one unit (needs dimension_unit)', '2'),
  dimension_unit: plain(oneOf(DIMENSION_UNITS), 'mm, cm, m or in', 'cm'),
  options: {
    kind: 'options', name: text(255), value: text(255),
    doc: `up to ${MAX_OPTIONS} options telling variants apart, like {"Size": "M"}`, example: 'Size: M',
  } satisfies OptionsField as OptionsField,
  image: plain(httpUrl(), 'image URL of this variant', 'https://cdn.example.com/tee-s.jpg'),
  model_number: plain(text(255), "manufacturer's model number", 'TS-100'),
  min_reorder_level: plain(whole(0), 'stock level that triggers a reorder', '5'),
  quantity_to_reorder: plain(whole(0), 'how many to reorder', '50'),
  tax_rate: plain(decimal('a tax rate in percent', { max: 100 }), 'tax rate in percent, like 20', '20'),
};

const list = (doc: string, example: string): ListField => ({ kind: 'list', item: text(255), separator: ',', doc, example });

export const PRODUCT_FIELDS = {
  handle: plain(code('a handle'), 'product identity; rows sharing it are one product (else the sku is the identity)', 'tee-classic'),
  title: plain(text(1000), 'product name (required)', 'Classic Tee', { required: true }),
  subtitle: plain(text(1000), 'short line under the title', 'Organic cotton'),
  description: plain(text(100_000), 'long description (text or HTML, at most 100,000 characters)', '<p>Soft and light.</p>'),
  kind: plain(oneOf(KINDS), 'physical (default), digital_download, license_key or subscription', 'physical', { default: 'physical' as (typeof KINDS)[number] }),
  status: plain(oneOf(STATUSES), 'active, draft or archived', 'active'),
  brand: plain(text(255), 'brand or manufacturer name', 'Acme'),
  product_type: plain(text(255), 'free-form product type, like T-Shirt', 'T-Shirt'),
  url: plain(httpUrl(), 'product page URL (http or https)', 'https://shop.example.com/tee'),
  tags: list('tags; in CSV separated by commas', 'summer, cotton'),
  category_ids: list("the target's category ids; in CSV separated by commas", 'c-12, c-40'),
  images: {
    kind: 'images', item: { url: httpUrl(), alt: text(512) },
    doc: 'product images: URLs, or {url, alt} objects', example: 'https://cdn.example.com/tee.jpg',
    columns: {
      urls: { name: 'image_urls', doc: 'product image URLs, separated by |', example: 'https://cdn.example.com/a.jpg|https://cdn.example.com/b.jpg' },
      alts: { name: 'image_alts', doc: 'alt texts of image_urls, separated by |, in the same order', example: 'Front|Back' },
    },
  } satisfies ImagesField as ImagesField,
  notes: plain(text(10_000), 'internal notes', 'Reorder in May'),
  metadata: { kind: 'metadata', doc: 'your own key → text/number/boolean values; in CSV one column per key, like metadata.material', example: 'cotton' } satisfies MetadataField as MetadataField,
  currency: { kind: 'currency', type: currencyCode(), doc: 'ISO 4217 code of the prices, like USD (default: --currency)', example: 'EUR' } satisfies CurrencyField as CurrencyField,
  origin_country: plain(country(), 'two-letter ISO 3166 country of origin, like PT', 'PT'),
  hs_code: plain(hsCode(), 'HS tariff code, 6 to 10 digits (dots allowed)', '6109.10'),
  hazmat: plain(bool(), 'true if the product is hazardous material (true/false, yes/no, 1/0)', 'false'),
  estimated_delivery_days: plain(whole(0), 'days to deliver, a whole number', '3'),
  condition: plain(oneOf(CONDITIONS), 'new, used or refurbished', 'new'),
  serial_number_required: plain(bool(), 'true if each unit needs a serial number', 'false'),
  expiry_date_required: plain(bool(), 'true if stock needs an expiry date', 'false'),
  case: { kind: 'group', fields: CASE_FIELDS, prefix: 'case_', doc: 'the outer case: unit, pack, dimensions and weight', example: '' } satisfies GroupField<typeof CASE_FIELDS>,
  subscription: { kind: 'group', fields: SUBSCRIPTION_FIELDS, prefix: 'subscription_', doc: 'billing of a subscription product', example: '' } satisfies GroupField<typeof SUBSCRIPTION_FIELDS>,
  variants: { kind: 'variants', doc: 'the sellable SKUs (at least one)', example: '' } satisfies VariantsField as VariantsField,
  targets: {
    kind: 'targets', doc: "per-target values passed straight into that target's payload; in CSV one column per field, like pandabase.fulfillmentMode (JSON values allowed)",
    example: 'INSTANT_DOWNLOAD',
  } satisfies TargetsField as TargetsField,
};

// ---- The normalised product, as a type derived from the table. ----

export interface Image {
  url: string;
  alt?: string;
}
export interface Option {
  name: string;
  value: string;
}
export type Metadata = Record<string, string | number | boolean>;

type Always = ListField | ImagesField | MetadataField | TargetsField | CurrencyField | VariantsField;
type IsRequired<F> = F extends PlainField<unknown, true> ? true : F extends Always ? true : false;
type OutOf<F> = F extends PlainField<infer T> ? T
  : F extends ListField ? string[]
  : F extends ImagesField ? Image[]
  : F extends MetadataField ? Metadata
  : F extends TargetsField ? Record<string, Record<string, unknown>>
  : F extends CurrencyField ? string
  : F extends GroupField<infer G> ? ObjectOf<G>
  : F extends OptionsField ? Option[]
  : F extends VariantsField ? Variant[]
  : never;
type ObjectOf<Fs> = {
  [K in keyof Fs as IsRequired<Fs[K]> extends true ? K : never]: OutOf<Fs[K]>;
} & {
  [K in keyof Fs as IsRequired<Fs[K]> extends true ? never : K]?: OutOf<Fs[K]>;
};

export type Variant = ObjectOf<typeof VARIANT_FIELDS>;
export type Case = ObjectOf<typeof CASE_FIELDS>;
export type Subscription = ObjectOf<typeof SUBSCRIPTION_FIELDS>;
export type Product = ObjectOf<typeof PRODUCT_FIELDS>;
export type Kind = (typeof KINDS)[number];

/** Variant fields that may stand on a product's top level: a single-variant product. */
export const LIFTED_KEYS: readonly string[] = Object.keys(VARIANT_FIELDS).filter((k) => k !== 'title');
