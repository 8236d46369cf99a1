// The layouts a CSV can be read in (--from, a map's "from"): named apart from their code so the
// command line can list them without loading the readers.
export const LAYOUTS = ['unified', 'shopify', 'woocommerce'] as const;
export type LayoutName = (typeof LAYOUTS)[number];
