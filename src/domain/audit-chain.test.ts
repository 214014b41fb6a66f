import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, GENESIS_HASH, verifyChain, type StoredEvent } from './audit-chain.ts';

function chain(n: number): StoredEvent[] {
  const out: StoredEvent[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = { at: `2024-07-16T09:00:0${i}.000Z`, actorUserId: 'u1', actorEmail: 'a@b.c', actorOrganisationId: 'o', action: 'auth.sign_in', targetType: 'user', targetId: 'u1', details: canonicalJson({ b: 2, a: 1 }), ip: '127.0.0.1' };
    const hash = eventHash(prev, e);
    out.push({ ...e, id: i, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('writes canonical JSON with sorted keys at every level', () => {
    expect(canonicalJson({ b: [{ z: 1, a: null }], a: 'x' })).toBe('{"a":"x","b":[{"a":null,"z":1}]}');
  });

  it('verifies an untouched chain', () => {
    const events = chain(5);
    expect(verifyChain(events, { hash: events[4]!.hash, count: 5 })).toBeNull();
  });

  it('finds an edited event', () => {
    const events = chain(5);
    events[2] = { ...events[2]!, action: 'auth.sign_out' };
    expect(verifyChain(events)).toEqual({ id: 3, problem: 'hash' });
  });

  it('finds a deleted event in the middle and a deleted last event', () => {
    const events = chain(5);
    expect(verifyChain([...events.slice(0, 2), ...events.slice(3)])).toEqual({ id: 4, problem: 'prev_hash' });
    expect(verifyChain(events.slice(0, 4), { hash: events[4]!.hash, count: 5 })).toEqual({ id: null, problem: 'head' });
  });

  it('reads the same instant written differently', () => {
    const [e] = chain(1);
    expect(eventHash(GENESIS_HASH, { ...e!, at: '2024-07-16T12:00:01+03:00' })).toBe(e!.hash);
  });
});
