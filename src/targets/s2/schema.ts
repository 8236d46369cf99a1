// S2 (Ventmere) "Create Product": every one of the 19 fields is required and typed as the page
// says (string, float, integer, boolean). The page states no lengths, ranges or enums, so none are
// invented here, except that required text must not be empty: the page asks for "" only for
// `remarks` ("Should be an empty string if there is no value. Do not use null.").
import { z } from 'zod';

const text = z.string().min(1);
const float = z.number();

export const requestSchema = z.strictObject({
  sku: text,
  brand: text,
  gtin: text,
  name: text,
  remarks: z.string(),
  imageMain: text,
  packageLengthMm: float,
  packageWidthMm: float,
  packageHeightMm: float,
  shippingWeightKg: float,
  caseUnit: text,
  casePack: z.int(),
  caseLengthMm: float,
  caseWidthMm: float,
  caseHeightMm: float,
  caseWeightKg: float,
  condition: text,
  serialNumberRequired: z.boolean(),
  expiryDateRequired: z.boolean(),
});

export type S2Body = z.output<typeof requestSchema>;
export const BODY_KEYS = Object.keys(requestSchema.shape) as (keyof S2Body)[];

const stamp = z.string();

/** The page's response example: the body echoed, plus ids, the organization and a brand object. */
export const responseSchema = z.looseObject({
  id: z.uuid(),
  organization: z.looseObject({ id: z.string(), name: z.string(), createdAt: stamp, updatedAt: stamp }),
  sku: z.string(),
  brand: z.looseObject({ id: z.string(), name: z.string(), nameNormalized: z.string(), createdAt: stamp }),
  gtin: z.string(),
  name: z.string(),
  remarks: z.string(),
  imageMain: z.string(),
  packageLengthMm: float,
  packageWidthMm: float,
  packageHeightMm: float,
  shippingWeightKg: float,
  caseUnit: z.string(),
  casePack: z.int(),
  caseLengthMm: float,
  caseWidthMm: float,
  caseHeightMm: float,
  caseWeightKg: float,
  condition: z.string(),
  serialNumberRequired: z.boolean(),
  expiryDateRequired: z.boolean(),
  unknown: z.boolean(),
  createdAt: stamp,
  updatedAt: stamp,
  otherIds: z.array(z.unknown()),
});

/**
 * What parseCreated needs: the id, nothing else. Reading a created product must not fail on a
 * field the example did not show, or a product that exists would be reported as failed.
 */
export const createdSchema = z.object({ id: z.string().min(1) });
