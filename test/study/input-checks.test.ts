// Inputs that are valid but suspicious give warnings that travel with the results; values that
// cannot be known are null, not a guess.
import { describe, expect, it } from 'vitest';
import { demoManifest } from '../../src/demo/demo-patient.ts';
import type { StudyManifest } from '../../src/io/manifest/manifest-schema.ts';
import { runStudy } from '../../src/study/run-study.ts';
import { withFewMonteCarloSamples } from '../helpers/monte-carlo.ts';

const context = { manifestPath: null, inputsSha256: 'test', createdAt: 'now' };

function run(change: (m: StudyManifest) => void) {
  const manifest = withFewMonteCarloSamples(structuredClone(demoManifest()));
  change(manifest);
  return runStudy(manifest, context);
}

describe('whole-body counting checks (EANM SOP: first count at about 2 h, before voiding)', () => {
  it('a first count after 4 h is flagged: retention would be overestimated', () => {
    const results = run((m) => {
      m.wholeBody = m.wholeBody.slice(3); // first count now at 24 h
    });
    expect(results.blood?.warnings.join(' ')).toMatch(/first count is at 24\.0 h/);
  });

  it('a decay-corrected count above the first is flagged', () => {
    const results = run((m) => {
      const count = m.wholeBody[2];
      if (count) count.netCounts *= 3;
    });
    expect(results.blood?.warnings.join(' ')).toMatch(/retention cannot rise above 100%/);
  });

  it('the demo itself raises neither warning', () => {
    const warnings = run(() => undefined).blood?.warnings.join(' ') ?? '';
    expect(warnings).not.toMatch(/first count is at|cannot rise above/);
  });
});

describe('values that cannot be known', () => {
  it('without blood and whole-body data, "threshold activity within MTA" is null, not true', () => {
    const results = run((m) => {
      m.blood = [];
      m.wholeBody = [];
    });
    expect(results.mta).toBeNull();
    for (const lesion of results.lesions) expect(lesion.thresholdActivityWithinMta).toBeNull();
  });
});

describe('lesion volume from CT diameters at measurement level', () => {
  it('an ellipsoid 20 x 15 x 10 mm is pi/6 x 3 mL = 1.5708 mL', () => {
    const results = run((m) => {
      const lesion = m.lesions[0];
      if (lesion) {
        delete lesion.volumeMl;
        lesion.diametersMm = [20, 15, 10];
      }
    });
    expect(results.lesions[0]?.volumeMl).toBeCloseTo((Math.PI / 6) * 3, 10);
    expect(results.lesions[0]?.volumeSource).toBe('ellipsoid from lesions[0].diametersMm');
  });
});

describe('an implausible two-point curve', () => {
  it('a lesion rising 50-fold from 24 to 108 h is flagged as outside the plausible decay-constant range', () => {
    const results = run((m) => {
      const rows = (m.measurements?.lesions ?? []).filter((row) => row.lesion === 'L2');
      const [early, late] = rows;
      if (early && late) late.meanConcBqPerMl = early.meanConcBqPerMl * 50;
    });
    const l2 = results.lesions.find((lesion) => lesion.id === 'L2');
    expect(l2?.warnings.join(' ')).toMatch(/outside the plausible range .* result unreliable/);
  });
});
