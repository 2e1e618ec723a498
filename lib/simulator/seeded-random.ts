/**
 * Seeded pseudo-random numbers for the night simulator and the webhook bodies
 * built from a night: the same seed always gives the same sequence. Pure and
 * isomorphic (no Node imports).
 */

/** A PRNG: each call returns a float in [0, 1). */
export type Rng = () => number;

/** mulberry32: a tiny, fast 32-bit seeded PRNG (same seed, same sequence). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A new uint32 seed from a seed and a salt, for independent PRNG streams. */
export function deriveSeed(seed: number, salt: number): number {
  return Math.floor(mulberry32((seed ^ Math.imul(salt, 0x9e3779b1)) >>> 0)() * 4294967296) >>> 0;
}

/** Integer in [min, max], both inclusive. */
export function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Float in [min, max). */
export function uniform(rng: Rng, min: number, max: number): number {
  return min + rng() * (max - min);
}
