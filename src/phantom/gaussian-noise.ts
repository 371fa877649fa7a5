/**
 * Seeded standard normal deviates (Box-Muller on mulberry32), so phantom noise is reproducible
 * from the seed written into the phantom's truth.
 */
import { mulberry32 } from '../physics/random.ts';

/** A generator of standard normal numbers (mean 0, variance 1) from a 32-bit seed. */
export function gaussianNoise(seed: number): () => number {
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
