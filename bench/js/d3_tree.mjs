// Times d3-hierarchy on the tree in the JSON file given as argv[2]: {"parent": [...]} with -1
// for the root. Prints one JSON line of milliseconds: stratify, tree() and both together.
import { readFileSync } from "node:fs";
import { stratify, tree } from "d3-hierarchy";

const { parent } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const rows = parent.map((p, i) => ({ id: String(i), parentId: p < 0 ? null : String(p) }));
const repeats = Number(process.argv[3] || 3);
let best = { stratify: Infinity, tree: Infinity, total: Infinity };
for (let r = 0; r < repeats; r++) {
  const t0 = performance.now();
  const root = stratify().id((d) => d.id).parentId((d) => d.parentId)(rows);
  const t1 = performance.now();
  tree().nodeSize([1, 1])(root);
  const t2 = performance.now();
  best = {
    stratify: Math.min(best.stratify, t1 - t0),
    tree: Math.min(best.tree, t2 - t1),
    total: Math.min(best.total, t2 - t0),
  };
}
console.log(JSON.stringify(best));
