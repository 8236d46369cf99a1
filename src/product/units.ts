// Unit conversions with exact decimal factors (1 lb is defined as 453.59237 g, 1 in as 25.4 mm).
import { type Decimal, multiply, parseDecimal } from './decimal.js';

export const WEIGHT_UNITS = ['g', 'kg', 'lb', 'oz'] as const;
export const DIMENSION_UNITS = ['mm', 'cm', 'm', 'in'] as const;
export type WeightUnit = (typeof WEIGHT_UNITS)[number];
export type DimensionUnit = (typeof DIMENSION_UNITS)[number];

const GRAMS: Record<WeightUnit, string> = { g: '1', kg: '1000', lb: '453.59237', oz: '28.349523125' };
const MILLIMETRES: Record<DimensionUnit, string> = { mm: '1', cm: '10', m: '1000', in: '25.4' };

const dec = (s: string): Decimal => parseDecimal(s) as Decimal;

export function toGrams(value: string, unit: WeightUnit): Decimal {
  return multiply(dec(value), dec(GRAMS[unit]));
}

export function toKilograms(value: string, unit: WeightUnit): Decimal {
  const g = toGrams(value, unit);
  return { int: g.int, scale: g.scale + 3 };
}

export function toMillimetres(value: string, unit: DimensionUnit): Decimal {
  return multiply(dec(value), dec(MILLIMETRES[unit]));
}
