/**
 * PET ingest end to end: a dcmjs-written PET series (BQML, decay-corrected to administration,
 * per-slice Rescale Slope, bed acquisition times out of order) comes back in Bq/mL at the scan
 * start; the real Siemens slice of dicomweb-client (18F header) warns about its half-life.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { voxelIndex } from '../../../src/core/volume.ts';
import { readPetSeries } from '../../../src/io/dicom/read/read-pet-series.ts';
import { I124 } from '../../../src/physics/nuclides.ts';
import { writeSeries } from '../../fixtures/dicom/make-series.ts';
import { tempDir } from '../../helpers/temp.ts';

const temp = (): string => tempDir('iodose-pet-');
const manifest = { administeredAt: '2024-03-04T09:15:00', halfLifeH: I124.halfLifeH };

function writePet(dir: string, decayCorrection: string, units = 'BQML'): void {
  writeSeries(dir, {
    modality: 'PT',
    seriesInstanceUid: '1.2.826.0.1.3680043.9.7433.20.1',
    columns: 8,
    rows: 6,
    slices: 5,
    pixelSpacingMm: [4, 4],
    orientation: [1, 0, 0, 0, 1, 0],
    position: (k) => [-16, -12, 100 + 4 * k],
    signed: false,
    rescaleSlope: (k) => 2 + k,
    extra: {
      Units: units,
      DecayCorrection: decayCorrection,
      CorrectedImage: ['ATTN', 'DECY'],
      SeriesDate: '20240305',
      SeriesTime: '090000',
      AcquisitionDate: '20240305',
      RadiopharmaceuticalInformationSequence: [
        {
          RadiopharmaceuticalStartDateTime: '20240304091500',
          RadionuclideHalfLife: I124.halfLifeH * 3600,
          RadionuclideTotalDose: 37e6,
        },
      ],
    },
    // Two beds: the upper slices were acquired 10 minutes later.
    perSlice: (k) => ({ AcquisitionTime: k < 3 ? '090000' : '091000' }),
  });
}

describe('readPetSeries', () => {
  it('converts ADMIN-corrected BQML to Bq/mL at the scan start (23.75 h after administration)', () => {
    const dir = temp();
    writePet(dir, 'ADMIN');
    const pet = readPetSeries(dir, manifest);
    const decay = Math.exp((-Math.LN2 / I124.halfLifeH) * 23.75);
    expect(pet.scanStartH).toBeCloseTo(23.75, 9);
    expect(pet.concAtAcquisitionScale).toBeCloseTo(decay, 12);
    expect(pet.timing.decayCorrection).toBe('ADMIN');
    expect(pet.timing.acquisitionDateTime).toBe('2024-03-05T09:00:00');
    const v = pet.volume.data[voxelIndex(pet.volume.size, 5, 4, 3)] ?? NaN;
    expect(v / (345 * (2 + 3) * decay) - 1).toBeCloseTo(0, 6);
    expect(pet.decayCorrectToAdministrationFactor * decay).toBeCloseTo(1, 12);
    expect(pet.warnings).toEqual([]);
  });

  it('leaves START-corrected BQML as it is (factor 1)', () => {
    const dir = temp();
    writePet(dir, 'START');
    const pet = readPetSeries(dir, manifest);
    expect(pet.concAtAcquisitionScale).toBe(1);
    expect(pet.volume.data[voxelIndex(pet.volume.size, 1, 2, 4)]).toBeCloseTo(421 * 6, 3);
  });

  it('refuses CNTS without a factor and scales it with one', () => {
    const dir = temp();
    writePet(dir, 'START', 'CNTS');
    expect(() => readPetSeries(dir, manifest)).toThrow(
      /\(0054,1001\) Units: PET values are in CNTS.*unitFactorBqPerMlPerUnit/,
    );
    const pet = readPetSeries(dir, { ...manifest, unitFactorBqPerMlPerUnit: 3.7 });
    expect(pet.volume.data[voxelIndex(pet.volume.size, 1, 2, 4)]).toBeCloseTo(421 * 6 * 3.7, 2);
  });

  it('warns about the real Siemens slice: 18F half-life in the header, administration date from the manifest', () => {
    const dir = temp();
    copyFileSync(
      join(import.meta.dirname, '../../fixtures/dicom/dicomweb-client-siemens-pet.dcm'),
      join(dir, 'pet.dcm'),
    );
    const pet = readPetSeries(dir, { ...manifest, administeredAt: '1986-08-10T11:39:00' });
    expect(pet.timing.halfLifeH).toBeCloseTo(6586.2 / 3600, 9);
    expect(pet.timing.decayCorrection).toBe('START');
    expect(pet.scanStartH).toBeCloseTo(
      (13 * 3600 + 2 * 60 + 44.678 - (11 * 3600 + 39 * 60)) / 3600,
      9,
    );
    expect(pet.concAtAcquisitionScale).toBe(1);
    expect(pet.warnings.join('\n')).toMatch(
      /Radionuclide Half Life is 1\.83 h but the tracer's is 100\.224 h/,
    );
    expect(pet.warnings.join('\n')).toMatch(/without a date; date taken from the manifest/);
  });
});
