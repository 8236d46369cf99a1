// Defaults of a run, declared once. A module of its own, with no imports, so that the command
// line can show them in its help without loading the engine (start-up time).
export const DEFAULTS = {
  currency: 'USD',
  concurrency: 8,
  retries: 5,
  timeoutMs: 30_000,
  /** The longest pause a server may impose before the run stops (exit 3) instead of waiting. */
  maxWaitMs: 5 * 60_000,
  /** The journal of a real upload; --sandbox runs and dry runs have their own, so never touch it. */
  report: 'catalog-upload-report.jsonl',
  sandboxReport: 'catalog-upload-sandbox-report.jsonl',
  dryRunReport: 'catalog-upload-dry-run-report.jsonl',
  /** `--plan` writes here unless told otherwise. */
  planReport: 'catalog-upload-plan.jsonl',
  /** What an upload does with a product the target already holds. */
  existing: 'skip',
} as const;
