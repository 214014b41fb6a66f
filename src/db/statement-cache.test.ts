import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachingStatements } from './database.ts';

describe('prepared statements kept by SQL text (SQLite)', () => {
  it('prepares a text once and gives the same statement again', () => {
    const c = cachingStatements(new SQLite(':memory:'));
    const first = c.prepare('select 1 as x');
    expect(c.prepare('select 1 as x')).toBe(first);
    expect(c.prepare('select 2 as x')).not.toBe(first);
    expect(c.size).toBe(2);
  });

  it('keeps at most its size, dropping the least recently used', () => {
    const c = cachingStatements(new SQLite(':memory:'), 2);
    const a = c.prepare('select 1');
    const b = c.prepare('select 2');
    expect(c.prepare('select 1')).toBe(a); // now the most recent
    c.prepare('select 3'); // drops "select 2"
    expect(c.size).toBe(2);
    expect(c.prepare('select 1')).toBe(a);
    expect(c.prepare('select 2')).not.toBe(b);
  });

  it('answers from the current schema after a table changes', () => {
    const c = cachingStatements(new SQLite(':memory:'));
    c.prepare('create table t (a)').run();
    c.prepare('insert into t values (1)').run();
    expect(c.prepare('select * from t').all()).toEqual([{ a: 1 }]);
    c.prepare('alter table t add column b').run();
    expect(c.prepare('select * from t').all()).toEqual([{ a: 1, b: null }]);
  });
});
