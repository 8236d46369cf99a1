// Units as headers and maps write them ("Weight (lbs)", "Length (yd)") → the unified units,
// with an exact factor where the unified set has no such unit (1 yd = 36 in, 1 ft = 12 in).
import { parseDecimal, formatDecimal, multiply, type Decimal } from '../product/decimal.js';
import { DIMENSION_UNITS, WEIGHT_UNITS } from '../product/units.js';

export interface UnitName {
  unit: string;
  /** Multiply values by this to get `unit` (yd → in: 36). */
  factor?: string;
}

const WEIGHTS: Record<string, UnitName> = {
  g: { unit: 'g' }, gr: { unit: 'g' }, gram: { unit: 'g' }, grams: { unit: 'g' }, gramm: { unit: 'g' },
  kg: { unit: 'kg' }, kgs: { unit: 'kg' }, kilo: { unit: 'kg' }, kilogram: { unit: 'kg' }, kilograms: { unit: 'kg' },
  lb: { unit: 'lb' }, lbs: { unit: 'lb' }, pound: { unit: 'lb' }, pounds: { unit: 'lb' },
  oz: { unit: 'oz' }, ounce: { unit: 'oz' }, ounces: { unit: 'oz' },
};
const DIMENSIONS: Record<string, UnitName> = {
  mm: { unit: 'mm' }, millimetre: { unit: 'mm' }, millimetres: { unit: 'mm' }, millimeter: { unit: 'mm' }, millimeters: { unit: 'mm' },
  cm: { unit: 'cm' }, centimetre: { unit: 'cm' }, centimetres: { unit: 'cm' }, centimeter: { unit: 'cm' }, centimeters: { unit: 'cm' },
  m: { unit: 'm' }, metre: { unit: 'm' }, metres: { unit: 'm' }, meter: { unit: 'm' }, meters: { unit: 'm' },
  in: { unit: 'in' }, inch: { unit: 'in' }, inches: { unit: 'in' },
  ft: { unit: 'in', factor: '12' }, foot: { unit: 'in', factor: '12' }, feet: { unit: 'in', factor: '12' },
  yd: { unit: 'in', factor: '36' }, yard: { unit: 'in', factor: '36' }, yards: { unit: 'in', factor: '36' },
};

/** The unit column of a measure column, and which names it takes. */
const UNIT_COLUMN: Record<string, { column: string; names: Record<string, UnitName> }> = {
  weight: { column: 'weight_unit', names: WEIGHTS },
  length: { column: 'dimension_unit', names: DIMENSIONS },
  width: { column: 'dimension_unit', names: DIMENSIONS },
  height: { column: 'dimension_unit', names: DIMENSIONS },
  case_weight: { column: 'case_weight_unit', names: WEIGHTS },
  case_length: { column: 'case_dimension_unit', names: DIMENSIONS },
  case_width: { column: 'case_dimension_unit', names: DIMENSIONS },
  case_height: { column: 'case_dimension_unit', names: DIMENSIONS },
};

/** The unit column of a measure column (weight → weight_unit), or undefined. */
export function unitColumnOf(column: string): string | undefined {
  return UNIT_COLUMN[column]?.column;
}

/** A unit written for a measure column, read: "lbs" for weight → lb; undefined when not one. */
export function readUnit(column: string, text: string): UnitName | undefined {
  return UNIT_COLUMN[column]?.names[text.trim().toLowerCase()];
}

/** Every unit a measure column takes, for messages. */
export function unitChoices(column: string): string {
  return UNIT_COLUMN[column]?.column.includes('weight') ? WEIGHT_UNITS.join(', ') : `${DIMENSION_UNITS.join(', ')} (also yd, ft)`;
}

/** A cell multiplied exactly by a unit's factor ("2" yd → "72" in); other text unchanged. */
export function scaleBy(factor: string): (cell: string) => string {
  const f = parseDecimal(factor) as Decimal;
  return (cell) => {
    const d = parseDecimal(cell.trim());
    return d && d.int >= 0n ? formatDecimal(multiply(d, f)) : cell;
  };
}
