import type { Clock } from '../../clock.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { writeTransaction } from '../../db/transaction.ts';
import { phoneProblem, positionProblem } from '../../domain/official-name.ts';
import { recordEvent, type AuditActor } from '../audit/service.ts';

/** A user's own position and phone: the executor line of the documents they prepare (0019). */

export interface ProfileInput {
  position: string;
  phone: string;
}
export type ProfileErrors = Partial<Record<keyof ProfileInput, 'tooLong' | 'invalid'>>;

export async function loadProfile(db: DbOrTx, userId: string): Promise<ProfileInput & { displayName: string }> {
  const row = await db.selectFrom('users').select(['display_name', 'position', 'phone']).where('id', '=', userId).executeTakeFirstOrThrow();
  return { displayName: row.display_name, position: row.position ?? '', phone: row.phone ?? '' };
}

/** Saves the position and phone (either may be left empty); audited. */
export async function saveProfile(db: Db, clock: Clock, actor: AuditActor, userId: string, input: ProfileInput): Promise<{ errors: ProfileErrors } | null> {
  const position = input.position.replace(/\s+/g, ' ').trim();
  const phone = input.phone.replace(/\s+/g, ' ').trim();
  const errors: ProfileErrors = {};
  const p = position ? positionProblem(input.position) : null;
  if (p && p !== 'empty') errors.position = p;
  const ph = phoneProblem(phone);
  if (ph) errors.phone = ph;
  if (Object.keys(errors).length) return { errors };
  return writeTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    await tx.updateTable('users').set({ position: position || null, phone: phone || null, updated_at: now }).where('id', '=', userId).execute();
    await recordEvent(tx, clock, actor, { action: 'user.profile_changed', targetType: 'user', targetId: userId, details: {} });
    return null;
  });
}
