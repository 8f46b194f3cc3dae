// Reads an HdrHistogram log with hdr-histogram-js (an implementation independent of
// HdrHistogram.NET) and prints one JSON object per tag: total count and percentiles.
// Usage: node read-hlog.js FILE
"use strict";
const fs = require("fs");
const hdr = require("hdr-histogram-js");

const text = fs.readFileSync(process.argv[2], "utf8");
const reader = new hdr.HistogramLogReader(text);
const out = {};
for (let h = reader.nextIntervalHistogram(); h !== null; h = reader.nextIntervalHistogram()) {
  const tag = h.tag;
  out[tag] = {
    count: Number(h.totalCount),
    p50: h.getValueAtPercentile(50),
    p90: h.getValueAtPercentile(90),
    p99: h.getValueAtPercentile(99),
    p100: h.getValueAtPercentile(100),
  };
}
process.stdout.write(JSON.stringify(out) + "\n");
