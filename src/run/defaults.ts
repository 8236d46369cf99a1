// Defaults of a run, declared once. A module of its own, with no imports, so that the command
// line can show them in its help without loading the engine (start-up time).
export const DEFAULTS = {
  currency: 'USD',
  concurrency: 8,
  retries: 5,
  timeoutMs: 30_000,
  /** The longest pause a server may impose before the run stops (exit 3) instead of waiting. */
  maxWaitMs: 5 * 60_000,
  report: 'catalog-upload-report.jsonl',
} as const;
