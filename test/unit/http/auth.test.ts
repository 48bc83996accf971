import type { Request } from 'restify';
import { describe, expect, it } from 'vitest';
import { roleForToken, roleOf, type Role } from '../../../src/http/auth.ts';

const tokens = new Map<string, Role>([
  ['dpo-token-3f9c0e1b7a2d4c58', 'dpo'],
  ['marketer-9a8b7c6d5e4f3a2b', 'marketer'],
]);
const request = (authorization?: string) =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as unknown as Request;

/** A token map that fails if anyone looks a presented token up in it (a lookup is not constant time). */
class NoLookupMap extends Map<string, Role> {
  override get(): Role | undefined {
    throw new Error('tokens must not be looked up by the presented value');
  }
  override has(): boolean {
    throw new Error('tokens must not be looked up by the presented value');
  }
}

describe('admin token comparison', () => {
  it('finds each token’s role', () => {
    expect(roleForToken('dpo-token-3f9c0e1b7a2d4c58', tokens)).toBe('dpo');
    expect(roleForToken('marketer-9a8b7c6d5e4f3a2b', tokens)).toBe('marketer');
  });

  it.each([
    ['a prefix', 'dpo-token-3f9c0e1b7a2d4c5'],
    ['a longer string', 'dpo-token-3f9c0e1b7a2d4c58x'],
    ['one changed character', 'dpo-token-3f9c0e1b7a2d4c59'],
    ['another case', 'DPO-TOKEN-3F9C0E1B7A2D4C58'],
    ['the empty string', ''],
    ['a role name', 'dpo'],
  ])('refuses %s', (_case, presented) => {
    expect(roleForToken(presented, tokens)).toBeUndefined();
  });

  it('compares against every token instead of looking the presented one up', () => {
    const guarded = new NoLookupMap(tokens);
    expect(roleOf(request('Bearer marketer-9a8b7c6d5e4f3a2b'), guarded)).toBe('marketer');
    expect(roleOf(request('Bearer not-a-token-at-all-000'), guarded)).toBeUndefined();
  });

  it('reads only a well-formed bearer header', () => {
    expect(roleOf(request('Bearer dpo-token-3f9c0e1b7a2d4c58'), tokens)).toBe('dpo');
    expect(roleOf(request('bearer dpo-token-3f9c0e1b7a2d4c58'), tokens)).toBe('dpo');
    expect(roleOf(request('Basic dpo-token-3f9c0e1b7a2d4c58'), tokens)).toBeUndefined();
    expect(roleOf(request(), tokens)).toBeUndefined();
  });
});
