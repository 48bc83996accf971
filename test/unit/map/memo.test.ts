import { describe, expect, it } from 'vitest';
import { memoBy } from '../../../src/map/memo.ts';

describe('memoBy', () => {
  it('makes a value once per owner and key, and apart for another owner', () => {
    const memo = memoBy<object, string>();
    const a = {};
    const b = {};
    let made = 0;
    const make = () => `v${++made}`;
    expect(memo(a, 'k', make)).toBe('v1');
    expect(memo(a, 'k', make)).toBe('v1');
    expect(memo(b, 'k', make)).toBe('v2');
    expect(memo(a, 'other', make)).toBe('v3');
    expect(made).toBe(3);
  });

  it('stops keeping values past its bound, and still answers', () => {
    const memo = memoBy<object, number>();
    const owner = {};
    for (let i = 0; i < 10_000; i++) memo(owner, String(i), () => i);
    let made = 0;
    expect(memo(owner, 'past', () => ++made)).toBe(1);
    expect(memo(owner, 'past', () => ++made)).toBe(2);
    expect(memo(owner, '5', () => -1)).toBe(5);
  });
});
