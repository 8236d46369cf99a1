// Preloaded with `node --import` by test/cli/startup.test.ts: appends the URL of every module
// the process loads to the file named by RECORD_LOADS, so a test can see what a command loaded.
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (process.env.RECORD_LOADS) appendFileSync(process.env.RECORD_LOADS, url + '\\n');
  return next(url, context);
}`;
register('data:text/javascript,' + encodeURIComponent(hooks));
