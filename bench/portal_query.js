// The first search of a built portal, timed in node (V8, the engine of Chromium):
// elasticlunr.min.js and search-index.js parsed, then the index loaded and one query run.
// Usage: node portal_query.js SITE_DIR "WORDS"
const fs = require("fs"), vm = require("vm");
const dir = process.argv[2], query = process.argv[3];
const ctx = { window: {}, console };
ctx.self = ctx.window;
vm.createContext(ctx);
const t0 = process.hrtime.bigint();
vm.runInContext(fs.readFileSync(dir + "/elasticlunr.min.js", "utf8"), ctx);
vm.runInContext(fs.readFileSync(dir + "/search-index.js", "utf8"), ctx);
const t1 = process.hrtime.bigint();
ctx.q = query;
const hits = vm.runInContext("var idx = elasticlunr.Index.load(window.portalSearch.index); idx.search(q, {fields: {title: {boost: 3}, tags: {boost: 2}, body: {boost: 1}}, bool: 'OR', expand: true})", ctx);
const t2 = process.hrtime.bigint();
console.log(`parse ${(Number(t1 - t0) / 1e6).toFixed(1)} ms, load+first query ${(Number(t2 - t1) / 1e6).toFixed(1)} ms, ${hits.length} hits`);
