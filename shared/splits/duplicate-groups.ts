/**
 * Duplicate groups from links between items: exact copies (same content hash) and near-duplicates
 * (perceptual hashes within the threshold), joined transitively (union–find, i.e. single linkage).
 *
 * Single linkage chains: A ≈ B ≈ C … can join hundreds of look-alikes that are not copies of one
 * picture (on the 28×28 demo at 4 bits, one chain holds 201 trousers). Moving such a chain into one
 * split would empty a class from the others. So a group larger than `maxGroup` is re-linked with only
 * its closer links (distance − 1, then − 2 …, down to exact copies only), until its parts are small
 * enough; exact copies are never separated. The chains broken this way are counted for the report.
 */
import { UnionFind } from './union-find';

/** Two linked items; distance −1 marks exact copies (equal content hash). */
export interface Link {
  a: number;
  b: number;
  distance: number;
}

export interface DuplicateGroup {
  members: number[];
  /** Largest distance among the links that hold the group (−1: exact copies only). */
  maxDistance: number;
}

export interface Grouping {
  groups: DuplicateGroup[];
  /** Chains larger than `maxGroup` that were re-linked at a closer distance. */
  tightenedChains: number;
  largestChain: number;
}

/** More near-identical images than this in one group are a family of look-alikes, not copies. */
export const MAX_DUPLICATE_GROUP = 20;

export function groupDuplicates(
  links: readonly Link[],
  threshold: number,
  maxGroup = MAX_DUPLICATE_GROUP,
): Grouping {
  const result: Grouping = { groups: [], tightenedChains: 0, largestChain: 0 };
  const linked = new Set<number>();
  for (const link of links) linked.add(link.a).add(link.b);
  split([...linked], links, threshold, maxGroup, result, true);
  return result;
}

function split(
  members: readonly number[],
  links: readonly Link[],
  distance: number,
  maxGroup: number,
  result: Grouping,
  /** The first pass, at the user's threshold: the chains counted for the report are found here. */
  top: boolean,
): void {
  const local = new Map(members.map((member, index) => [member, index]));
  const kept = links.filter((link) => link.distance <= distance && local.has(link.a) && local.has(link.b));
  const sets = new UnionFind(members.length);
  for (const link of kept) sets.union(local.get(link.a)!, local.get(link.b)!);
  const components = new Map<number, number[]>();
  members.forEach((member, index) => {
    const root = sets.find(index);
    const component = components.get(root);
    if (component) component.push(member);
    else components.set(root, [member]);
  });
  for (const component of components.values()) {
    if (component.length < 2) continue;
    if (component.length > maxGroup && distance >= 0) {
      if (top) {
        result.tightenedChains++;
        result.largestChain = Math.max(result.largestChain, component.length);
      }
      split(component, kept, distance - 1, maxGroup, result, false);
      continue;
    }
    const inside = new Set(component);
    let maxDistance = -1;
    for (const link of kept)
      if (inside.has(link.a) && link.distance > maxDistance) maxDistance = link.distance;
    result.groups.push({ members: component, maxDistance });
  }
}
