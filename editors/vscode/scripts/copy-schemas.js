// Copies the policy JSON Schemas from the repository's schemas/ folder into the extension, so that
// contributes.jsonValidation can reference a packaged copy (./schemas/*.json). Run by `npm run compile`.
"use strict";
const fs = require("fs");
const path = require("path");

const source = path.resolve(__dirname, "..", "..", "..", "schemas");
const target = path.resolve(__dirname, "..", "schemas");
const names = ["identity-policy.json", "trust-policy.json", "resource-policy.json", "scp-policy.json", "rcp-policy.json"];

fs.mkdirSync(target, { recursive: true });
for (const name of names) {
  const from = path.join(source, name);
  const to = path.join(target, name);
  if (fs.existsSync(from)) {
    fs.copyFileSync(from, to);
  } else if (!fs.existsSync(to)) {
    console.error(`copy-schemas: ${from} is missing and no packaged copy exists`);
    process.exit(1);
  }
}
console.log(`copy-schemas: ${names.length} schemas in ${path.relative(process.cwd(), target) || "."}`);
