import crypto from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { ExecutorReading } from '../../domain/plan-import/executors.ts';
import { createOrganisation, findOrganisationByName, nameKey } from '../organisations/service.ts';

/**
 * Executors an order names that the directory does not have: one proposed organisation per
 * distinct name (marked probable, for the coordinator to confirm or replace), found again by name
 * on a later import instead of being added twice. Returns name key → organisation id.
 */
export async function proposedOrganisations(tx: DbOrTx, clock: Clock, executors: Iterable<ExecutorReading>, owner: { organisationId: string; legalNumber: string | null }): Promise<Map<string, string>> {
  const proposed = new Map<string, string>();
  for (const e of executors) {
    if (!e.proposed || proposed.has(nameKey(e.name))) continue;
    const existing = await findOrganisationByName(tx, e.name);
    if (existing) {
      proposed.set(nameKey(e.name), existing);
      continue;
    }
    const id = `proposed-${crypto.createHash('sha256').update(nameKey(e.name)).digest('hex').slice(0, 12)}`;
    await createOrganisation(tx, clock, {
      id,
      name: e.name,
      kind: 'other',
      parentId: owner.organisationId,
      byConsent: e.byConsent,
      sourceConfidence: 'probable',
      note: `Запропоновано під час імпорту розпорядження${owner.legalNumber ? ` № ${owner.legalNumber}` : ''}: перевірте назву або замініть організацією з довідника.`,
      aliases: e.asWritten !== e.name ? [e.asWritten] : [],
    });
    proposed.set(nameKey(e.name), id);
  }
  return proposed;
}
