/**
 * Seeded standard normal deviates (Box-Muller on mulberry32, src/numerics/random.ts), so phantom
 * noise is reproducible from the seed written into the phantom's truth.
 */
import { normalSampler } from '../numerics/random.ts';

/** A generator of standard normal numbers (mean 0, variance 1) from a 32-bit seed. */
export function gaussianNoise(seed: number): () => number {
  return normalSampler(seed);
}
