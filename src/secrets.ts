// Credentials must never reach output, reports or errors. Every secret value the run knows is
// registered here, and everything we write passes through redact() on its way out.

const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  // Very short values would redact ordinary words; real credentials are longer.
  if (value && value.length >= 4) secrets.add(value);
}

export function redact(text: string): string {
  if (secrets.size === 0) return text;
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

/** For tests: forget what earlier runs registered in this process. */
export function clearSecrets(): void {
  secrets.clear();
}
