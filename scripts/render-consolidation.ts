// Renders a period's consolidation of a database to files, to look at them.
// Usage: tsx scripts/render-consolidation.ts DATA_DIR PLAN PERIOD OUT_DIR
import fs from 'node:fs';
import path from 'node:path';
import { openSqlite } from '../src/db/database.ts';
import { loadDirectory } from '../src/features/organisations/service.ts';
import { getPlan } from '../src/features/plans/service.ts';
import { periodByKey } from '../src/features/reports/service.ts';
import { consolidate } from '../src/features/consolidation/service.ts';
import { buildDocument } from '../src/features/consolidation/document.ts';
import { renderAll } from '../src/features/consolidation/exports/index.ts';

const [dataDir, planId, periodKey, out] = process.argv.slice(2);
const database = openSqlite(path.join(dataDir!, 'zvit.sqlite'));
const directory = await loadDirectory(database.db);
const plan = (await getPlan(database.db, planId!))!;
const c = await consolidate(database.db, directory, plan, periodByKey(plan, periodKey!)!);
const doc = buildDocument(c, {}, directory);
fs.mkdirSync(out!, { recursive: true });
for (const f of await renderAll(doc, { version: null, signatory: null, forPublication: false })) {
  fs.writeFileSync(path.join(out!, f.fileName), f.bytes);
  console.log(path.join(out!, f.fileName), f.bytes.length);
}
await database.destroy();
