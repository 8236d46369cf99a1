// The library: what `import … from 'catalog-uploader'` gives. The command line is a thin shell
// over the same calls (src/cli/), so a program gets the same checks and protections.
export { DEFAULTS, openRun, type RunListeners, type RunOptions, upload, validate } from './run/api.js';
export type { Engine as Run, Mode, Snapshot } from './run/engine.js';
export type { RequestEvent } from './run/requests.js';
export { JunitWriter, type JunitRun } from './output/junit.js';
export type { FailureGroup, ResumePlan, Summary } from './run/tally.js';
export type { ReportLine, FinalStatus, JournalHeader, JournalInput, JournalMode } from './output/report.js';
export { EXISTING_MODES, type ExistingMode } from './run/second-run-options.js';
export { RunError, type RunErrorCode, EXIT, exitCodeOf } from './errors.js';
export type { LocatedIssue } from './issues.js';

// The unified product: its field table, zod schema, JSON Schema and parser.
export { CASE_FIELDS, PRODUCT_FIELDS, SUBSCRIPTION_FIELDS, VARIANT_FIELDS } from './product/fields.js';
export type { Case, Field, Image, Kind, Option, Product, Subscription, Variant } from './product/fields.js';
export { productSchema, type SchemaOptions } from './product/schema.js';
export { productJsonSchema } from './product/json-schema.js';
export { parseProduct, type ParseOptions, type ParseResult, type ProductIssue } from './product/parse.js';

// The targets.
export { loadTarget, loadFake, TARGET_NAMES, type TargetName } from './targets/index.js';
export type { Target, Unit, RequestSpec, UnitIssue } from './targets/types.js';
