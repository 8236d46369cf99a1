// Preloaded into a measured process (node --require): writes its peak RSS (bytes) on exit, so
// the benchmark measures the real binary without any hook in the product code.
const { writeFileSync } = require('node:fs');
const out = process.env.BENCH_RSS_FILE;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS * 1024)));
