/**
 * Seeded pseudo-random numbers, so that every Monte Carlo result in iodose (particle transport,
 * phantom noise, uncertainty sampling) can be rerun bit for bit from the seed in its provenance.
 */

/** Uniform generator on [0, 1). */
export type Random = () => number;

/**
 * Mulberry32 (Tommy Ettinger, public domain; 32-bit state, period 2^32): returns uniform numbers
 * on [0, 1). Good enough for variance-reduced transport tallies of 1e5-1e7 histories and for
 * uncertainty sampling; it is not a cryptographic generator.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal deviates (mean 0, variance 1) from a 32-bit seed: the Box-Muller transform
 * (Box and Muller 1958, Ann Math Stat 29:610) on mulberry32, both deviates of a pair used.
 */
export function normalSampler(seed: number): () => number {
  const uniform = mulberry32(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u1 = 1 - uniform(); // (0, 1]
    const u2 = uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spare = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  };
}
