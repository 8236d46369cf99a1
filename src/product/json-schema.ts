// The JSON Schema of a JSON catalog file, for editors (`catalog-upload schema --json-schema`):
// derived from the zod schema with z.toJSONSchema (each field's description and value type
// ride in its .meta()), plus what only a file may do: wrap the products in {"products": [...]}
// and write a single-variant product with its sku and price on top.
import { z } from 'zod';
import { LIFTED_KEYS } from './fields.js';
import { productSchema } from './schema.js';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; items?: JsonSchema; required?: string[] };

export function productJsonSchema(targets: readonly string[] = []): Record<string, unknown> {
  const generated = z.toJSONSchema(productSchema({ currency: 'USD', targets }), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const { $schema: _, ...product } = generated;
  const props = product.properties!;
  const variant = props.variants!.items!;
  for (const k of LIFTED_KEYS) props[k] = variant.properties![k]!;
  props.errors = { description: 'ignored: the reasons --rejects writes next to each rejected product' };
  product.description = 'A product: nested "variants", or a single-variant product with sku and price on top.';
  // `variants` is required in the nested shape only.
  product.required = (product.required ?? []).filter((k) => k !== 'variants');
  product.anyOf = [{ required: ['variants'] }, { required: ['sku', 'price'] }];
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'catalog-uploader catalog',
    oneOf: [
      { type: 'array', items: { $ref: '#/$defs/product' } },
      { type: 'object', required: ['products'], properties: { products: { type: 'array', items: { $ref: '#/$defs/product' } } } },
    ],
    $defs: { product },
  };
}
