import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder Zvit is installed in (where its package.json is): files it reads at run time
 * (public/, seed-data/, the common passwords) are found from here, whether the code runs from
 * src/ through tsx or compiled into dist/.
 */
function findRoot(from: string): string {
  for (let dir = from; ; ) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'zvit') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`Zvit's package.json was not found above ${from}`);
    dir = up;
  }
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
