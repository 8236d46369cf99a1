// Where exactly a JSON text goes wrong, and what was there: JSON.parse says too little (and its
// wording changes between Node versions). Only runs after JSON.parse has failed.

export interface SyntaxProblem {
  /** Offset in the text (UTF-16 units). */
  at: number;
  expected: string;
  found: string;
}

class Stop extends Error {
  constructor(readonly problem: SyntaxProblem) {
    super(problem.expected);
  }
}

/** The first syntax problem of a JSON text, or undefined when it parses. */
export function findSyntaxProblem(text: string): SyntaxProblem | undefined {
  let i = 0;
  const n = text.length;
  const foundAt = (at: number): string => {
    if (at >= n) return 'the end of the text';
    const c = text[at]!;
    if (c === '"') return 'a string';
    if (/[\d-]/.test(c)) return `${JSON.stringify(text.slice(at, at + 12).match(/^[-\d.eE+]+/)?.[0] ?? c)}`;
    const word = /^[A-Za-z_]+/.exec(text.slice(at, at + 20));
    if (word) return `"${word[0]}"`;
    return JSON.stringify(c);
  };
  const fail = (expected: string, at = i): never => {
    throw new Stop({ at, expected, found: foundAt(at) });
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const string = () => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('4 hex digits after \\u', i + 2);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('an escape like \\n, \\" or \\\\ after the backslash', i + 1);
        continue;
      }
      if (c < 32) fail('the closing quote of the string (a line break or control character inside a string must be escaped)');
      i++;
    }
    fail('the closing quote of the string');
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail('a value (string, number, object, array, true, false or null)');
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    fail(c === "'" ? 'a value; strings take double quotes' : 'a value (string, number, object, array, true, false or null)');
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(text[i] === '}' ? 'another "key": value after the comma (no trailing comma in JSON)' : 'a "key" in double quotes');
      string();
      ws();
      if (text[i] !== ':') fail('":" after the key');
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail('"," or "}" after the value');
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === ']') fail('another value after the comma (no trailing comma in JSON)');
      value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail('"," or "]" after the value');
    }
  };
  try {
    value();
    ws();
    if (i < n) fail('the end of the value');
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return e.problem;
    throw e;
  }
}

/** Line (0-based, relative) and column (1-based) of an offset in a text. */
export function lineColumn(text: string, at: number): { line: number; column: number } {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: at - start + 1 };
}
