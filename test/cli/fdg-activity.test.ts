// The seed paper's FDG activity formula on the command line: A = k (W / 75 kg)^2 / (min per bed),
// k = 379 (Vereos) or 132 (Omni Legend) MBq min/bed; worked by hand here.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('iodose fdg-activity', () => {
  it('Vereos, 90 kg, 2 min/bed: 379 x 1.2^2 / 2 = 272.88 MBq', async () => {
    const run = await runCli([
      'fdg-activity',
      '--weight',
      '90',
      '--minutes-per-bed',
      '2',
      '--scanner',
      'philips-vereos',
    ]);
    expect(run.status).toBe(0);
    expect(run.out).toEqual(['273 MBq FDG (90 kg, 2 min/bed)']);
  });

  it('a given k: 132 x (60/75)^2 / 2.5 = 33.79 MBq', async () => {
    const run = await runCli([
      'fdg-activity',
      '--weight',
      '60',
      '--minutes-per-bed',
      '2.5',
      '--k',
      '132',
    ]);
    expect(run.out).toEqual(['33.8 MBq FDG (60 kg, 2.5 min/bed)']);
  });

  it('refuses text as a weight and a missing scanner, in one line each', async () => {
    const text = await runCli([
      'fdg-activity',
      '--weight',
      'heavy',
      '--minutes-per-bed',
      '2',
      '--k',
      '100',
    ]);
    expect(text.status).toBe(2);
    expect(text.err).toEqual([
      'iodose: --weight: expected the weight in kg as a number, got "heavy"',
    ]);
    const none = await runCli(['fdg-activity', '--weight', '70', '--minutes-per-bed', '2']);
    expect(none.status).toBe(2);
    expect(none.err[0]).toContain('--scanner: missing: give --scanner or --k');
  });
});
