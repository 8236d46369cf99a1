// Credentials must never reach output, reports or errors. Every secret value the run knows is
// registered here, and everything we write passes through redact() on its way out; answers from
// servers are redacted as they arrive (transport/http.ts), before anything cuts them short.
//
// A server may echo a secret in another form: base64 (a Basic auth header, a token it decoded),
// base64url, or percent-encoded in a URL. Each form is registered too. A base64 text encodes
// three bytes per four characters, so the secret's characters depend on where it starts in the
// encoded data (offset 0, 1 or 2 modulo 3): all three are registered, each without the edge
// characters that also depend on the bytes around it. That covers `user:key` and any other
// framing, not only the key alone.

const secrets = new Set<string>();
/** The longest first, so that a secret containing another is replaced whole. */
let ordered: string[] = [];

// Credentials written into a URL (`https://user:password@host`): the part before @ is hidden
// wherever a URL appears, even one that does not parse.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi;

/** Values shorter than this are not registered: they would hide ordinary words. */
const MIN_LENGTH = 4;
/** Encoded forms are fragments: shorter ones could match unrelated text by chance. */
const MIN_FORM_LENGTH = 8;

export function registerSecret(value: string | undefined): void {
  if (!value || value.length < MIN_LENGTH || secrets.has(value)) return;
  for (const form of encodedForms(value)) if (form.length >= MIN_FORM_LENGTH) secrets.add(form);
  secrets.add(value);
  ordered = [...secrets].sort((a, b) => b.length - a.length);
}

export function redact(text: string): string {
  // A URL with credentials has both "://" and "@": most texts (answers full of image URLs) lack one.
  let out = text.includes('@') && text.includes('://') ? text.replace(URL_USERINFO, '$1***@') : text;
  for (const s of ordered) if (out.includes(s)) out = out.split(s).join('***');
  return out;
}

/**
 * A URL as it may be shown: anything between the scheme and the last @ hidden, so that
 * credentials never show even in a URL that does not parse.
 */
export function hideUserinfo(url: string): string {
  return url.replace(/^([^:/?#]*:\/\/)[^]*@/, '$1***@');
}

/** For tests: forget what earlier runs registered in this process. */
export function clearSecrets(): void {
  secrets.clear();
  ordered = [];
}

/** The forms a server may echo: percent-encoded, and base64/base64url at each alignment. */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms = new Set<string>([encodeURIComponent(value)]);
  for (let offset = 0; offset < 3; offset++) {
    const framed = Buffer.concat([Buffer.alloc(offset), bytes]);
    const b64 = framed.toString('base64');
    // Characters wholly inside the secret's bits: from the first 6-bit group that starts at
    // or after its first bit, to the last that ends at or before its last bit.
    const from = Math.ceil((offset * 8) / 6);
    const to = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = b64.slice(from, to);
    forms.add(core);
    forms.add(core.replaceAll('+', '-').replaceAll('/', '_'));
  }
  forms.delete(value);
  return [...forms];
}
