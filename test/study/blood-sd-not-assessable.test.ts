// A blood-dose sd that cannot be computed is "not assessable" with its reason - in results.json,
// the summary and the report - never an exact-looking "± 0" (issue 8 review). Two ways it
// happens, each simulated by wrapping the real module: the fits give no finite residence-time sd
// (the chain's own sd), or a perturbed blood evaluation is non-finite (the propagated sd).
import { describe, expect, it, vi } from 'vitest';
import type * as Kinetics from '../../src/kinetics/index.ts';
import type * as BloodModel from '../../src/dosimetry/uncertainty/blood-model.ts';

const broken = vi.hoisted(() => ({ fitSigma: false, perturbedDose: false }));

vi.mock('../../src/kinetics/index.ts', async (importOriginal) => {
  const real = await importOriginal<typeof Kinetics>();
  return {
    ...real,
    fitKinetics: (...args: Parameters<typeof real.fitKinetics>) => {
      const fit = real.fitKinetics(...args);
      return broken.fitSigma ? { ...fit, timeIntegratedSigmaH: NaN } : fit;
    },
  };
});

vi.mock('../../src/dosimetry/uncertainty/blood-model.ts', async (importOriginal) => {
  const real = await importOriginal<typeof BloodModel>();
  return {
    ...real,
    bloodUncertaintyModel: (...args: Parameters<typeof real.bloodUncertaintyModel>) => {
      const model = real.bloodUncertaintyModel(...args);
      return {
        ...model,
        evaluate: (z: Float64Array) => {
          const values = model.evaluate(z);
          const perturbed = z.some((v) => v !== 0);
          return broken.perturbedDose && perturbed ? [NaN, ...values.slice(1)] : values;
        },
      };
    },
  };
});

const { computeBloodChain } = await import('../../src/dosimetry/blood-chain.ts');
const { bloodChainInput } = await import('../../src/study/chain-inputs.ts');
const { resolveSettings } = await import('../../src/study/resolve-settings.ts');
const { runStudy } = await import('../../src/study/run-study.ts');
const { demoManifest } = await import('../../src/demo/demo-patient.ts');
const { summaryLines } = await import('../../src/cli/summary.ts');
const { renderBlood } = await import('../../src/report/study/report-blood.ts');
const { toSafeJson } = await import('../../src/report/json-safe.ts');
const { parseLocalDateTimeMs } = await import('../../src/core/time.ts');

const context = { manifestPath: null, inputsSha256: 'x', createdAt: 'now' };

describe('blood-dose sd that cannot be computed', () => {
  it('the chain gives null and the reason, not 0, when the fits have no finite sd', () => {
    const manifest = demoManifest();
    const administeredMs = parseLocalDateTimeMs(manifest.tracer.administeredAt, {
      field: 'tracer.administeredAt',
    });
    const input = bloodChainInput(manifest, administeredMs);
    if (input === null) throw new Error('the demo has blood data');
    broken.fitSigma = true;
    try {
      const blood = computeBloodChain(input, resolveSettings(manifest));
      expect(blood.doseSigmaGyPerGBq).toBeNull();
      expect(blood.doseSigmaNotAssessableReason).toMatch(/no finite sd/);
      expect(blood.warnings.join('\n')).toMatch(/blood dose uncertainty not assessable/);
      expect(blood.warnings.join('\n')).not.toMatch(/set to 0/);
    } finally {
      broken.fitSigma = false;
    }
  });

  it('a study whose propagated sd is non-finite says "not assessable" in json, summary and report', () => {
    broken.perturbedDose = true;
    let results;
    try {
      results = runStudy(demoManifest(), context);
    } finally {
      broken.perturbedDose = false;
    }
    const blood = results.blood;
    expect(blood).not.toBeNull();
    expect(blood?.doseSigmaGyPerGBq).toBeNull();
    expect(blood?.doseSigmaNotAssessableReason).toMatch(/non-finite sd/);
    expect(results.findings.map((f) => f.code)).toContain('uncertainty.blood-sd-not-assessable');

    const json = toSafeJson(results);
    expect(json.nonFinitePaths).not.toContain('$.blood.doseSigmaGyPerGBq');
    const written = JSON.parse(json.text) as { blood: Record<string, unknown> };
    expect(written.blood.doseSigmaGyPerGBq).toBeNull();
    expect(written.blood.doseSigmaNotAssessableReason).toMatch(/non-finite sd/);

    const summary = summaryLines(results).join('\n');
    expect(summary).toMatch(/blood [0-9.]+ Gy\/GBq \(sd not assessable: .*non-finite sd/);
    expect(summary).not.toMatch(/blood [0-9.]+ ± 0 /);

    const html = renderBlood(results, false);
    expect(html).toMatch(/sd not assessable: the linear propagation/);
    expect(html).not.toMatch(/&plusmn; 0|± 0 Gy/);
  });

  it('a study with a computable sd shows it and no reason', () => {
    const results = runStudy(demoManifest(), context);
    expect(results.blood?.doseSigmaGyPerGBq).toBeGreaterThan(0);
    expect(results.blood?.doseSigmaNotAssessableReason).toBeNull();
    expect(summaryLines(results).join('\n')).toMatch(/blood [0-9.]+ ± [0-9.]+ Gy\/GBq; /);
  });
});
