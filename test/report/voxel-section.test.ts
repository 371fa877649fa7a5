// The voxel dosimetry section from a hand-made input: numbers at the therapy activity in the
// report's number format (worked out by hand here), every user string escaped, well-formed SVG,
// and the "not computed" variants.
import { describe, expect, it } from 'vitest';
import type { Volume } from '../../src/core/volume.ts';
import { dosePicture } from '../../src/imaging/dose-picture.ts';
import {
  renderVoxelSection,
  type LesionVoxelDose,
  type VoxelSectionInput,
} from '../../src/report/study/voxel-section.ts';
import { svgElements, xmlProblems } from './xml-check.ts';

/** 2 mm dose grid with a Gaussian hot spot, and a 5-voxel cube VOI around it. */
function picture() {
  const n = 31;
  const dose: Volume = {
    size: [n, n, n],
    spacingMm: [2, 2, 2],
    originLps: [-30, -30, -30],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data: new Float32Array(n ** 3),
  };
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const r2 = ((i - 15) ** 2 + (j - 15) ** 2 + (k - 15) ** 2) * 4;
        dose.data[i + n * (j + n * k)] = 12.5 * Math.exp(-r2 / (2 * 36));
      }
  const mask: Volume<Uint8Array> = {
    size: [5, 5, 5],
    spacingMm: [2, 2, 2],
    originLps: [-4, -4, -4],
    direction: dose.direction,
    data: new Uint8Array(125).fill(1),
  };
  return dosePicture(dose, 7.4, null, mask);
}

const VOXEL: LesionVoxelDose = {
  meanDoseGyPerGBq: 3.456,
  d98GyPerGBq: 1.2,
  d90GyPerGBq: 1.5,
  d50GyPerGBq: 3.1,
  d2GyPerGBq: 10,
  minDoseGyPerGBq: 0.5,
  maxDoseGyPerGBq: 12.5,
  vThresholdFraction: 0.6234,
  voxelCount: 1234,
  ratioToSphereModel: 1.19172,
  dvh: { doseGyPerGBq: [0.5, 1.2, 3.1, 10, 12.5], volumeFraction: [1, 0.98, 0.5, 0.02, 0] },
};

const INPUT: VoxelSectionInput = {
  settings: { method: 'kernel', tia: 'voxel', densityCorrection: true },
  activityGBq: 7.4,
  sessions: [
    { id: 'day1', registration: null },
    {
      id: 'day "5"',
      registration: {
        method: 'mutual <information>',
        translationMm: [1.5, -2.25, 0.125],
        rotationDeg: [0, 1.25, -0.5],
        residualMm: 0.42,
      },
    },
  ],
  lesions: [
    { id: '<b>L&1</b>', sphereDoseGyPerGBq: 2.9, voxel: VOXEL, picture: picture() },
    { id: 'L2', sphereDoseGyPerGBq: 1.1, voxel: null, reason: 'VOI <2 voxels> & outside' },
  ],
};

const cells = (html: string) =>
  [...html.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);

describe('renderVoxelSection', () => {
  const html = renderVoxelSection(INPUT);

  it('shows the doses at 7.4 GBq to 3 significant figures, as format.ts does', () => {
    // Sphere 2.9 x 7.4 = 21.46; count; mean 3.456 x 7.4 = 25.5744; ratio 1.19172; D98 8.88;
    // D90 11.1; D50 22.94; D2 74; min 3.7; max 92.5; V 62.34%.
    const row = cells(html).slice(0, 11);
    expect(row).toEqual([
      '21.5',
      '1234',
      '25.6',
      '1.19',
      '8.88',
      '11.1',
      '22.9',
      '74.0',
      '3.70',
      '92.5',
      '62.3',
    ]);
    expect(html).toContain('V<sub>20 Gy</sub> (%)');
    expect(html).toContain('Doses in Gy at 7.4\u00a0GBq');
  });

  it('lists the registration of each session (minus signs as U+2212)', () => {
    expect(html).toContain('reference (first session)');
    expect(html).toContain('1.50, \u22122.25, 0.125');
    expect(html).toContain('0, 1.25, \u22120.500');
    expect(html).toContain('>0.420<');
  });

  it('says why a lesion has no voxel result, and escapes every user string', () => {
    expect(html).toContain('not computed: VOI &lt;2 voxels&gt; &amp; outside');
    expect(html).toContain('&lt;b&gt;L&amp;1&lt;/b&gt;');
    expect(html).toContain('day &quot;5&quot;');
    expect(html).toContain('mutual &lt;information&gt;');
    expect(html).not.toMatch(/<b>|<information>|<2 voxels>/);
  });

  it('states the method: Lanconelli kernel, voxel TIA, CT density, no recovery correction', () => {
    expect(html).toContain('Lanconelli et al. 2012');
    expect(html).toContain('No recovery correction at voxel level');
    expect(html).toContain('density scaled from the CT');
    const local = renderVoxelSection({
      ...INPUT,
      settings: { method: 'local', tia: 'region-scaled', densityCorrection: false },
    });
    expect(local).toContain('local energy deposition');
    expect(local).toContain('region-scaled');
    expect(local).toContain('unit density');
  });

  it('draws one DVH and one isodose picture for the lesion with voxel results, all well-formed', () => {
    const svgs = svgElements(html);
    // DVH plot, the picture plane, its levels legend.
    expect(svgs).toHaveLength(3);
    for (const svg of svgs) expect(xmlProblems(svg)).toEqual([]);
    expect(html).toContain('aria-label="Lesion &lt;b&gt;L&amp;1&lt;/b&gt;: cumulative DVH"');
    expect(html).toContain('data:image/png;base64,');
    // Peak 12.5 Gy/GBq x 7.4 = 92.5 Gy (91.7 interpolated in the slice): 100 Gy and up not reached.
    expect(html).toContain('not reached: 100, 200, 500 Gy');
    expect(html).toContain('>50 Gy</text>');
  });

  it('shows a malformed DVH as text instead of failing the report', () => {
    const bad = renderVoxelSection({
      ...INPUT,
      lesions: [
        {
          id: 'L3',
          sphereDoseGyPerGBq: null,
          voxel: { ...VOXEL, dvh: { doseGyPerGBq: [3, 1], volumeFraction: [1, 0] } },
        },
      ],
    });
    expect(bad).toContain('DVH of lesion L3 not drawn');
    expect(bad).toContain('non-decreasing');
  });

  it('says "not computed" and why when the voxel path was skipped', () => {
    const skipped = renderVoxelSection({ ...INPUT, skipped: 'only one session <1>' });
    expect(skipped).toContain('Voxel dosimetry not computed: only one session &lt;1&gt;.');
    expect(skipped).not.toContain('<table');
  });
});
