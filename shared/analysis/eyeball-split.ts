import { hash53 } from '../splits/split-hash';

/** Mixed into the seed so the eyeball coin is independent of the split's and the sample's coins. */
const EYEBALL_SALT = 0x3e5a_b1ac;

/**
 * Whether a dev item falls in the eyeball part (ML Yearning ch. 17: an "eyeball" dev set you look at,
 * a "blackbox" one you only measure on). u = cyrb53(id, seed ⊕ salt) / 2⁵³ < fraction: it depends on the
 * item's id and the seed only, so items added later never move an existing item between the parts, and
 * the eyeball part is a simple random share of dev.
 */
export function isEyeballItem(id: string, fraction: number, seed: number): boolean {
  return hash53(id, (seed ^ EYEBALL_SALT) >>> 0) / 2 ** 53 < fraction;
}
