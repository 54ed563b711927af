import { describe, expect, it } from 'vitest';
import { groupDuplicates, type Link } from './duplicate-groups';

const sorted = (groups: { members: number[] }[]) =>
  groups.map((group) => [...group.members].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);

describe('duplicate groups', () => {
  it('joins links transitively and keeps small groups whole', () => {
    const links: Link[] = [
      { a: 0, b: 1, distance: 3 },
      { a: 1, b: 2, distance: 4 },
      { a: 5, b: 6, distance: -1 },
    ];
    const result = groupDuplicates(links, 4);
    expect(sorted(result.groups)).toEqual([
      [0, 1, 2],
      [5, 6],
    ]);
    expect(result.groups.find((group) => group.members.includes(5))?.maxDistance).toBe(-1);
    expect(result.tightenedChains).toBe(0);
  });

  it('breaks a long chain of look-alikes at a closer distance, never separating exact copies', () => {
    // 30 items in a chain, neighbours 2 bits apart; inside it two identical dHashes and one exact copy
    const links: Link[] = Array.from({ length: 29 }, (_, i) => ({ a: i, b: i + 1, distance: 2 }));
    links.push({ a: 10, b: 11, distance: 0 }, { a: 20, b: 21, distance: -1 });
    // a separate small group survives untouched
    links.push({ a: 40, b: 41, distance: 4 });
    const result = groupDuplicates(links, 4);
    expect(result.tightenedChains).toBe(1);
    expect(result.largestChain).toBe(30);
    expect(sorted(result.groups)).toEqual([
      [10, 11],
      [20, 21],
      [40, 41],
    ]);
  });
});
