/**
 * What the period grid needs of a submission without its snapshot: the measures it gave a state
 * to, as their ids joined by commas ("12,15,31"). Kept beside the snapshot when it is submitted
 * (migration 0029), so the grid does not read and parse every snapshot of a period (they are the
 * period's largest column: 760 KB of JSON for the demo's 67 reports).
 */
export function statedMeasuresOf(snapshot: string): string {
  let parsed: { entries?: { measureId?: unknown; state?: unknown }[] };
  try {
    parsed = JSON.parse(snapshot) as typeof parsed;
  } catch {
    return '';
  }
  const ids = (parsed.entries ?? []).filter((e) => e.state !== null && e.state !== undefined && Number.isInteger(e.measureId)).map((e) => Number(e.measureId));
  return [...new Set(ids)].sort((a, b) => a - b).join(',');
}

export function parseStatedMeasures(text: string): Set<number> {
  return new Set(text.split(',').filter((s) => s !== '').map(Number));
}
