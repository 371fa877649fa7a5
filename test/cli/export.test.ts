// `iodose export MANIFEST --out DIR` (issue 8: a thin command over the export use case): the
// demo patient's lesion VOIs as one DICOM SEG per scan, read back by pydicom; measurement-level
// input is refused with exit 2 naming the manifest and the field.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, writeManifest } from '../helpers/cli.ts';
import { hasPydicom, PYTHON, warnMissing } from '../helpers/external-tools.ts';
import { writePatientStudy, type PatientStudy } from '../helpers/patient-study.ts';
import { demoManifest } from '../../src/demo/demo-patient.ts';

/** PS3.4 B.5: Segmentation Storage SOP Class UID. */
const SEG_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

let study: PatientStudy;
beforeAll(() => {
  study = writePatientStudy('iodose-export-');
}, 180_000);

describe('iodose export', () => {
  it('writes one DICOM SEG per scan with a segment per lesion', async () => {
    const out = join(study.dir, '..', 'export');
    const run = await runCli(['export', join(study.dir, 'manifest.yaml'), '--out', out]);
    expect(run.err).toEqual([]);
    expect(run.status).toBe(0);
    const files = study.manifest.scans.map((scan) => join(out, `voi-${scan.id}.seg.dcm`));
    expect(run.out).toEqual(files.map((file) => `wrote ${file}`));
    if (!hasPydicom()) {
      warnMissing('python3-pydicom', 'SEG read-back by pydicom');
      return;
    }
    const script = [
      'import sys, json, pydicom',
      'out = []',
      'for f in sys.argv[1:]:',
      '    ds = pydicom.dcmread(f)',
      '    out.append({"sop": ds.SOPClassUID, "labels": [s.SegmentLabel for s in ds.SegmentSequence]})',
      'print(json.dumps(out))',
    ].join('\n');
    const read = spawnSync(PYTHON, ['-c', script, ...files], { encoding: 'utf8' });
    expect(read.stderr).toBe('');
    const segs = JSON.parse(read.stdout) as { sop: string; labels: string[] }[];
    const lesionIds = study.manifest.lesions.map((lesion) => lesion.id);
    for (const seg of segs) {
      expect(seg.sop).toBe(SEG_SOP_CLASS);
      expect(seg.labels).toEqual(lesionIds);
    }
  }, 180_000);

  it('refuses measurement-level input with exit 2, naming the manifest and scans', async () => {
    const dir = tempDir('iodose-export-m-');
    const manifest = writeManifest(dir, demoManifest());
    const run = await runCli(['export', manifest, '--out', join(dir, 'out')]);
    expect(run.status).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toContain(`${manifest}: scans:`);
    expect(run.err[0]).toContain('no lesion VOIs to export');
  });
});
