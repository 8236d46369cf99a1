#!/usr/bin/env node
// Thin launcher: all logic lives in the compiled library (dist/), built by `npm ci` (prepare).
import { main } from '../dist/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
