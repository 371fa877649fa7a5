// The digital FDG PET: written with an 18F header (code 77004003, 6586.2 s, FDG, weight, size,
// sex, dose, start time) and read back in Bq/mL that x the SUL factor gives the true SUL at a
// lesion centre and in the liver (no noise; 6 mm FWHM cannot reach the centre of a 40 mm sphere).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lpsToIjk } from '../../src/core/volume.ts';
import { F18_HALF_LIFE_H } from '../../src/response/index.ts';
import { readPetSeries } from '../../src/io/dicom/read/read-pet-series.ts';
import { FDG_LIVER_ROI_LPS, fdgSulFactor } from '../../src/demo/fdg-phantom.ts';
import { writeFdgPet } from '../../src/demo/fdg-write.ts';
import { tempDir } from '../helpers/cli.ts';
import { L1_CENTER, P1, p1Scan } from '../cohort/fdg-cohort-fixture.ts';

describe('digital FDG PET', () => {
  const dir = join(tempDir('iodose-fdg-phantom-'), 'pet');
  const scan = p1Scan('wk6');
  writeFdgPet(dir, scan, P1);
  const pet = readPetSeries(dir, {
    administeredAt: scan.administeredAt,
    halfLifeH: F18_HALF_LIFE_H,
  });

  it('has an 18F FDG header with the patient and the injection', () => {
    const radio = (
      pet.header['RadiopharmaceuticalInformationSequence'] as Record<string, unknown>[]
    )[0];
    expect(radio?.['Radiopharmaceutical']).toBe('Fluorodeoxyglucose F^18^');
    expect(Number(radio?.['RadionuclideHalfLife'])).toBeCloseTo(6586.2, 6);
    const code = (radio?.['RadionuclideCodeSequence'] as Record<string, unknown>[])[0];
    expect(code).toMatchObject({ CodeValue: '77004003', CodeMeaning: '^18^Fluorine' });
    expect(pet.timing.totalDoseBq).toBe(250e6);
    expect(pet.timing.administrationDateTime).toBe(scan.administeredAt);
    expect(pet.header).toMatchObject({ PatientSex: 'M' });
    expect(Number(pet.header['PatientWeight'])).toBe(80);
    expect(Number(pet.header['PatientSize'])).toBeCloseTo(1.75, 6);
    expect(pet.scanStartH * 60).toBeCloseTo(65, 6);
    expect(pet.warnings).toEqual([]);
  });

  it('reads back the true SUL at the lesion centre and in the liver (0.5%)', () => {
    const factor = fdgSulFactor(scan, P1);
    const at = (p: readonly [number, number, number]) => {
      const [i, j, k] = lpsToIjk(pet.volume, p).map(Math.round) as [number, number, number];
      const [nx, ny] = pet.volume.size;
      return (pet.volume.data[i + nx * (j + ny * k)] ?? 0) * factor;
    };
    expect(at(L1_CENTER)).toBeCloseTo(5, 1);
    expect(Math.abs(at(L1_CENTER) / 5 - 1)).toBeLessThan(0.005);
    expect(Math.abs(at(FDG_LIVER_ROI_LPS) / 2 - 1)).toBeLessThan(0.005);
  });
});
