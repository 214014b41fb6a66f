// Renders a plan's consolidated report for a period from a data folder, to look at it:
// tsx scripts/render-consolidation.ts DATA_DIR PLAN_ID PERIOD_KEY OUT_DIR
import fs from 'node:fs';
import path from 'node:path';
import { openSqlite } from '../src/db/database.ts';
import { buildDocument } from '../src/features/consolidation/document.ts';
import { render } from '../src/features/consolidation/exports/index.ts';
import { consolidate } from '../src/features/consolidation/service.ts';
import { loadDirectory } from '../src/features/organisations/service.ts';
import { getPlan } from '../src/features/plans/service.ts';
import { periodByKey } from '../src/features/reports/service.ts';

const [dataDir, planId, periodKey, out] = process.argv.slice(2) as [string, string, string, string];
const handle = openSqlite(path.join(dataDir, 'zvit.sqlite'));
const directory = await loadDirectory(handle.db);
const plan = (await getPlan(handle.db, planId))!;
const doc = buildDocument(await consolidate(handle.db, directory, plan, periodByKey(plan, periodKey)!), {}, directory);
fs.mkdirSync(out, { recursive: true });
for (const format of ['docx', 'pdf', 'letter'] as const) {
  const r = await render(doc, format, { version: null, signatory: null, forPublication: false });
  fs.writeFileSync(path.join(out, r.fileName), r.bytes);
  console.log(path.join(out, r.fileName));
}
await handle.destroy();
