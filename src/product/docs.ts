// One line per unified field, shared by the CSV column reference (input/columns.ts) and the
// JSON Schema (productJsonSchema), so `catalog-upload schema` says the same thing both ways.

export const PRODUCT_DOCS = {
  handle: 'product identity; rows sharing it are one product (else the sku is the identity)',
  title: 'product name (required)',
  subtitle: 'short line under the title',
  description: 'long description (text or HTML, at most 100,000 characters)',
  kind: 'physical (default), digital_download, license_key or subscription',
  status: 'active, draft or archived',
  brand: 'brand or manufacturer name',
  product_type: 'free-form product type, like T-Shirt',
  url: 'product page URL (http or https)',
  tags: 'tags; in CSV separated by commas',
  category_ids: "the target's category ids; in CSV separated by commas",
  images: 'product images: URLs, or {url, alt} objects',
  notes: 'internal notes',
  metadata: 'your own key → text/number/boolean values',
  currency: 'ISO 4217 code of the prices, like USD (default: --currency)',
  origin_country: 'two-letter ISO 3166 country of origin, like PT',
  hs_code: 'HS tariff code, 6 to 10 digits (dots allowed)',
  hazmat: 'true if the product is hazardous material',
  estimated_delivery_days: 'days to deliver, a whole number',
  condition: 'new, used or refurbished',
  serial_number_required: 'true if each unit needs a serial number',
  expiry_date_required: 'true if stock needs an expiry date',
  case: 'the outer case: unit, pack, dimensions and weight',
  subscription: 'billing of a subscription product',
  variants: 'the sellable SKUs (at least one)',
  targets: 'per-target values passed straight into that target payload',
} as const;

export const VARIANT_DOCS = {
  sku: 'stock keeping unit, unique in the run (required)',
  title: 'variant name, like "Small"',
  price: "price in the currency's minor digits, like 19.90 (required)",
  compare_at_price: 'the "was" price, above price',
  cost_price: 'what the item costs you',
  barcode: 'GTIN-8/12/13/14 (UPC/EAN) with a valid check digit; format the column as Text',
  inventory_quantity: 'units in stock, a whole number',
  inventory_policy: 'deny (stop selling at 0) or continue',
  weight: 'weight of one unit (needs weight_unit)',
  weight_unit: 'g, kg, lb or oz',
  length: 'length of one unit (needs dimension_unit)',
  width: 'width of one unit (needs dimension_unit)',
  height: 'height of one unit (needs dimension_unit)',
  dimension_unit: 'mm, cm, m or in',
  options: 'up to 3 options telling variants apart, like {"Size": "M"}',
  image: 'image URL of this variant',
  model_number: "manufacturer's model number",
  min_reorder_level: 'stock level that triggers a reorder',
  quantity_to_reorder: 'how many to reorder',
  tax_rate: 'tax rate in percent, like 20',
} as const;

export const CASE_DOCS = {
  unit: 'what the case holds, like EACH',
  pack: 'units per case, 1 or more',
  length: 'case length (needs the case dimension unit)',
  width: 'case width',
  height: 'case height',
  dimension_unit: 'mm, cm, m or in',
  weight: 'case weight (needs the case weight unit)',
  weight_unit: 'g, kg, lb or oz',
} as const;

export const SUBSCRIPTION_DOCS = {
  billing_interval: 'weekly, monthly or yearly (required for a subscription)',
  trial_days: 'free trial length in days',
} as const;
