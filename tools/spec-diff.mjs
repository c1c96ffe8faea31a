// Prints, as JSON, the changes between two OpenAPI documents (YAML or JSON files), each
// classified by api-smart-diff: node spec-diff.mjs <before> <after>
import { readFileSync } from "node:fs";
import { apiCompare } from "api-smart-diff";
import { load } from "js-yaml";

const [before, after] = process.argv.slice(2).map((file) => load(readFileSync(file, "utf8")));
const { diffs } = apiCompare(before, after);
const scalar = (value) => (value === null || typeof value !== "object" ? value : undefined);
console.log(
  JSON.stringify(
    diffs.map((diff) => ({
      action: diff.action,
      type: diff.type,
      path: diff.path,
      description: diff.description,
      before: scalar(diff.before),
      after: scalar(diff.after),
    })),
  ),
);
