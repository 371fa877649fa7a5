// Blood samples and whole-body counts go together (the EANM blood dose, Lassmann et al. 2008,
// needs both). The check lives once, in computeBloodChain; runStudy (through chain-inputs.ts) and a
// library caller of the chain get the same error, field and hint (issue 8 review: it was written
// twice, and the chain's copy had no hint).
import { describe, expect, it } from 'vitest';
import { inputErrorOf } from '../helpers/input-error.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import { computeBloodChain } from '../../src/dosimetry/blood-chain.ts';
import { resolveSettings } from '../../src/study/resolve-settings.ts';
import { runStudy } from '../../src/study/run-study.ts';

const context = { manifestPath: null, inputsSha256: 'x', createdAt: 'now' };

describe('blood without whole-body counts (or the reverse)', () => {
  for (const missing of ['blood', 'wholeBody'] as const) {
    it(`no ${missing}: the same InputError from runStudy and from computeBloodChain`, () => {
      const manifest = { ...demoManifest(), [missing]: [] };
      const fromStudy = inputErrorOf(() => runStudy(manifest, context));
      const sample = { at: 'x', timeH: 2, timeSource: { field: 'a' }, valueSource: { field: 'b' } };
      const fromChain = inputErrorOf(() =>
        computeBloodChain(
          {
            samples: missing === 'blood' ? [] : [{ ...sample, concBqPerMl: 100 }],
            wholeBody: missing === 'wholeBody' ? [] : [{ ...sample, netCounts: 1000 }],
            weightKg: 70,
            administeredActivityMBq: 40,
          },
          resolveSettings(manifest),
        ),
      );
      for (const error of [fromStudy, fromChain]) {
        expect(error.field).toBe(missing);
        expect(error.expected).toMatch(/blood samples and whole-body counts go together/);
        expect(error.hint).toBe(
          `add ${missing} entries, or remove both to compute lesion doses only`,
        );
      }
    });
  }
});
