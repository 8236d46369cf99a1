// What other systems call the unified columns: the names `catalog-upload map` recognises in a
// header (or JSON key) and the did-you-mean of an unknown column. Keys are unified column names
// (a test checks each is one); names are compared normalised (names.ts: case, spaces, `_`/`-`,
// and a trailing "(unit)" do not matter). The Shopify and WooCommerce column names are added
// from their layouts (presets/), not repeated here.

export const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  handle: ['url handle', 'slug', 'url key', 'product handle', 'permalink slug', 'seo url'],
  title: ['name', 'product name', 'product title', 'item name', 'item title', 'product', 'article name', 'artikelname', 'bezeichnung', 'produktname', 'nom', 'nom du produit', 'nombre', 'nome'],
  subtitle: ['short description', 'tagline', 'summary', 'kurzbeschreibung'],
  description: ['body', 'body html', 'long description', 'product description', 'details', 'content', 'post content', 'beschreibung', 'descripción'],
  status: ['state', 'product status', 'published', 'visibility'],
  brand: ['brand name', 'vendor', 'manufacturer', 'make', 'marke', 'hersteller', 'marque', 'marca'],
  product_type: ['product type', 'item type', 'category', 'product category', 'kategorie'],
  url: ['product url', 'link', 'product link', 'page url', 'web url'],
  tags: ['tag', 'keywords', 'labels', 'schlagwörter', 'mots clés'],
  category_ids: ['category ids', 'category id', 'collection ids'],
  image_urls: ['images', 'image url', 'image src', 'image link', 'picture', 'photo', 'main image', 'additional images', 'gallery', 'bild', 'bilder', 'bild url'],
  image_alts: ['image alt', 'image alt text', 'alt text', 'alt'],
  notes: ['internal notes', 'comment', 'comments', 'remarks', 'memo'],
  currency: ['currency code', 'curr', 'währung', 'devise', 'moneda'],
  origin_country: ['country of origin', 'origin', 'coo', 'made in', 'herkunftsland', "pays d'origine"],
  hs_code: ['hs', 'hts', 'hts code', 'tariff code', 'harmonized code', 'commodity code', 'customs code', 'taric', 'zolltarifnummer'],
  hazmat: ['dangerous goods', 'hazardous', 'dg'],
  condition: ['item condition', 'zustand'],
  estimated_delivery_days: ['delivery days', 'lead time', 'shipping days', 'handling time', 'dispatch days', 'lieferzeit'],
  case_pack: ['pack size', 'units per case', 'case qty', 'carton qty', 'inner pack'],
  kind: ['product kind', 'fulfillment type'],
  sku: ['sku code', 'variant sku', 'item code', 'item number', 'item no', 'article number', 'art no', 'artikelnummer', 'product code', 'part number', 'code', 'reference', 'ref', 'référence'],
  variant_title: ['variant name', 'variation name', 'option title'],
  price: ['retail price', 'selling price', 'sale price', 'unit price', 'variant price', 'sales price', 'vk', 'vk preis', 'verkaufspreis', 'preis', 'prix', 'precio'],
  compare_at_price: ['compare price', 'was price', 'original price', 'list price', 'msrp', 'rrp', 'uvp', 'prix barré'],
  cost_price: ['cost', 'unit cost', 'cost per item', 'cost of goods', 'cogs', 'purchase price', 'buy price', 'wholesale price', 'einkaufspreis', 'ek', "prix d'achat"],
  barcode: ['bar code', 'ean', 'ean13', 'ean 13', 'upc', 'upc a', 'gtin', 'gtin13', 'gtin 14', 'isbn', 'jan', 'variant barcode', 'gtin upc ean or isbn'],
  inventory_quantity: ['qty', 'quantity', 'stock', 'stock quantity', 'stock qty', 'stock level', 'inventory', 'inventory qty', 'on hand', 'available', 'units', 'bestand', 'lagerbestand', 'menge', 'stock disponible'],
  inventory_policy: ['variant inventory policy', 'continue selling when out of stock', 'backorders', 'backorders allowed', 'allow backorders', 'oversell'],
  weight: ['net weight', 'item weight', 'shipping weight', 'grams', 'gewicht', 'poids', 'peso'],
  weight_unit: ['unit of weight', 'weight uom'],
  length: ['depth', 'länge', 'longueur'],
  width: ['breite', 'largeur'],
  height: ['höhe', 'hauteur'],
  dimension_unit: ['dimensions unit', 'size unit', 'dimension uom'],
  image: ['variant image', 'variant image url', 'variation image', 'swatch image'],
  model_number: ['model', 'mpn', 'manufacturer part number', 'style number', 'modellnummer'],
  min_reorder_level: ['reorder level', 'reorder point', 'min stock', 'minimum stock', 'low stock amount', 'low stock threshold', 'safety stock', 'mindestbestand'],
  quantity_to_reorder: ['reorder quantity', 'reorder qty', 'restock quantity', 'order quantity'],
  tax_rate: ['tax', 'vat', 'vat rate', 'tax %', 'vat %', 'mwst', 'ust', 'tva', 'iva'],
};

/**
 * Headers that name an option rather than a field ("Size" with values S, M, L): `map` reads them
 * as an option's values, the header being the option's name.
 */
export const OPTION_NAMES: readonly string[] = ['size', 'colour', 'color', 'material', 'style', 'flavour', 'flavor', 'farbe', 'größe', 'groesse', 'couleur', 'taille', 'talla', 'tamaño'];

/**
 * Keys of a nested JSON object that hold the value of the object itself: `brand.name` is the
 * brand, `shipping.weight.value` the weight. `unit` names the unit of its parent.
 */
export const VALUE_KEYS: readonly string[] = ['name', 'title', 'value', 'label', 'amount', 'text'];
