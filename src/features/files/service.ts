import crypto from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { DbOrTx } from '../../db/database.ts';
import * as repo from './repository.ts';

/**
 * The one small storage interface behind which files live (attachments now, exported documents
 * later). The default keeps the bytes in the database, so that several processes share them and
 * a backup holds them; another implementation (a directory, an object store) would keep only
 * the id in the database. A write takes the caller's transaction, so a file and the row that
 * names it are stored together or not at all.
 */
export interface StoredFile {
  id: string;
  size: number;
  sha256: string;
  mediaType: string;
}

export interface FileStorage {
  put(tx: DbOrTx, bytes: Buffer, mediaType: string): Promise<StoredFile>;
  get(db: DbOrTx, id: string): Promise<{ bytes: Buffer; mediaType: string; sha256: string } | undefined>;
  remove(tx: DbOrTx, id: string): Promise<void>;
}

export function databaseStorage(clock: Clock): FileStorage {
  return {
    async put(tx, bytes, mediaType) {
      const file = { id: crypto.randomUUID(), size: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), mediaType };
      await repo.insertFile(tx, { id: file.id, content: bytes, size: file.size, sha256: file.sha256, media_type: mediaType, created_at: clock.now().toISOString() });
      return file;
    },
    async get(db, id) {
      const row = await repo.findFile(db, id);
      if (!row) return undefined;
      const bytes = Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content as Uint8Array);
      return { bytes, mediaType: row.media_type, sha256: row.sha256 };
    },
    async remove(tx, id) {
      await repo.deleteFile(tx, id);
    },
  };
}
