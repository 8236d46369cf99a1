// JUnit XML (`--junit`): one test case per product (or unit, for targets that send one per
// variant), one test suite per input file, read by GitLab, Jenkins, Azure DevOps and the GitHub
// test-report actions. Invalid and refused units are failures carrying their located problems;
// units whose outcome is unknown are errors; units done by an earlier run are skipped.
// It follows the Jenkins/Ant schema (junit-10.xsd), which test/output/junit.test.ts validates.
// Memory stays flat: cases wait in memory per suite, and spill to temporary files on big runs.
import { appendFileSync, closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { formatIssue, splitPlace } from '../issues.js';
import { redact } from '../secrets.js';
import type { ReportLine } from './report.js';

export interface JunitRun {
  /** The run, as CI shows it: `catalog-upload upload to veeqo`. */
  name: string;
  startedAt: Date;
  /** Facts shown with every suite (mode, target, report). */
  properties: Record<string, string | undefined>;
}

interface Suite {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  ms: number;
  buffer: string;
  spill?: string;
}


export class JunitWriter {
  private readonly suites = new Map<string, Suite>();
  private buffered = 0;
  private spillDir: string | undefined;

  constructor(
    readonly path: string,
    private readonly run: JunitRun,
    /** Characters of test cases held in memory before they go to temporary files. */
    private readonly spillAt = 8 * 1024 * 1024,
  ) {}

  /** A unit's final line. */
  add(line: ReportLine): void {
    const file = splitPlace(line.source).file;
    const suite = this.suite(file);
    const ms = line.ms ?? 0;
    suite.tests++;
    suite.ms += ms;
    let body = '';
    switch (line.status) {
      case 'invalid':
      case 'failed': {
        suite.failures++;
        const details = line.errors?.length ? line.errors.map(formatIssue).join('\n') : `${line.source}: ${line.error ?? line.status}`;
        body = `<failure type="${attr(line.code ?? line.status)}" message="${attr(line.error ?? line.status)}">${text(details)}</failure>`;
        break;
      }
      case 'unknown':
        suite.errors++;
        body = `<error type="${attr(line.code ?? 'outcome.unknown')}" message="${attr(line.error ?? 'outcome unknown')}">${text(`${line.source}: ${line.error ?? ''}`)}</error>`;
        break;
      case 'skipped':
        suite.skipped++;
        body = `<skipped message="${attr(line.warnings?.[0] ?? 'done in an earlier run')}"/>`;
        break;
    }
    if (line.warnings?.length) body += `<system-out>${text(line.warnings.map((w) => `warning: ${w}`).join('\n'))}</system-out>`;
    const time = (ms / 1000).toFixed(3);
    this.push(suite, `    <testcase name="${attr(line.key)}" classname="${attr(file)}" time="${time}"${body ? `>${body}</testcase>` : '/>'}\n`);
  }

  /** A problem of the run itself (unreadable input, interrupted, stopped): one error case. */
  runError(message: string): void {
    const suite = this.suite(this.run.name);
    suite.tests++;
    suite.errors++;
    this.push(suite, `    <testcase name="run" classname="${attr(this.run.name)}" time="0.000"><error type="run" message="${attr(message)}">${text(message)}</error></testcase>\n`);
  }

  /** Writes the file. */
  close(elapsedMs: number): void {
    const fd = openSync(this.path, 'w');
    try {
      const all = [...this.suites.values()];
      const sum = (k: 'tests' | 'failures' | 'errors') => all.reduce((n, s) => n + s[k], 0);
      writeSync(fd, `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${attr(this.run.name)}" tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}" time="${(elapsedMs / 1000).toFixed(3)}">\n`);
      const properties = Object.entries(this.run.properties).filter(([, v]) => v !== undefined).map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v!)}"/>\n`).join('');
      for (const s of all) {
        writeSync(fd, `  <testsuite name="${attr(s.name)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}" time="${(s.ms / 1000).toFixed(3)}" timestamp="${this.run.startedAt.toISOString()}" hostname="${attr(hostname())}">\n`);
        if (properties) writeSync(fd, `    <properties>\n${properties}    </properties>\n`);
        if (s.spill) copyInto(fd, s.spill);
        writeSync(fd, s.buffer);
        writeSync(fd, '  </testsuite>\n');
      }
      writeSync(fd, '</testsuites>\n');
    } finally {
      closeSync(fd);
      if (this.spillDir) rmSync(this.spillDir, { recursive: true, force: true });
    }
  }

  private suite(name: string): Suite {
    let s = this.suites.get(name);
    if (!s) this.suites.set(name, (s = { name, tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0, buffer: '' }));
    return s;
  }

  private push(suite: Suite, xml: string): void {
    suite.buffer += xml;
    this.buffered += xml.length;
    if (this.buffered < this.spillAt) return;
    this.spillDir ??= mkdtempSync(path.join(tmpdir(), 'catalog-upload-junit-'));
    let n = 0;
    for (const s of this.suites.values()) {
      s.spill ??= path.join(this.spillDir, `${n++}.xml`);
      if (s.buffer) appendFileSync(s.spill, s.buffer);
      s.buffer = '';
    }
    this.buffered = 0;
  }
}

function copyInto(fd: number, file: string): void {
  const from = openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(1 << 20);
  try {
    for (let n; (n = readSync(from, chunk, 0, chunk.length, null)) > 0; ) writeSync(fd, chunk, 0, n);
  } finally {
    closeSync(from);
  }
}

// XML 1.0 allows no other control characters, not even as references; lone surrogates are not
// characters either. They become U+FFFD so that a hostile value cannot break the document.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Character data: redacted, markup escaped; CR kept as a reference (parsers drop a raw one). */
function text(s: string): string {
  return redact(s).replace(NOT_XML, '\uFFFD').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('\r', '&#13;');
}

/** An attribute value in double quotes: also quotes, and whitespace that parsers would fold. */
function attr(s: string): string {
  return text(s).replaceAll('"', '&quot;').replaceAll('\n', '&#10;').replaceAll('\t', '&#9;');
}
