/** The voxel-dosimetry lines of the `run` and `demo` summary (issue 9), beside the sphere model. */
import type { StudyResults } from '../study/results.ts';
import { sig3 } from './summary.ts';

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (cells: string[]) =>
    cells.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ');
  return [format(header), ...rows.map(format)];
}

/** "voxel dosimetry: ..." and one row per lesion (sphere model vs voxel mean, D98, D2). */
export function voxelSummaryLines(results: StudyResults): string[] {
  const voxel = results.voxelDosimetry;
  if (voxel === undefined) return [];
  if (!voxel.computed)
    return [`voxel dosimetry not computed: ${voxel.reason ?? 'no reason given'}`];
  const moved = voxel.sessions
    .filter((s) => s.method !== 'reference')
    .map((s) =>
      s.transform === null
        ? `${s.scanId} left out`
        : `${s.scanId} ${s.method} (${(s.translationMm ?? []).map(sig3).join(', ')} mm; ${sig3(s.rotationAngleDeg)} deg; residual ${sig3(s.residualMm)} mm)`,
    );
  const lines = [
    `voxel dosimetry (no uncertainty budget: the dose pattern beside the sphere model, not a verdict)`,
    `  method (${voxel.dose?.method ?? '-'}${voxel.dose?.densityCorrected === true ? ', CT density' : ''}; no recovery correction at voxel level), registered: ${moved.join('; ') || 'one session'}`,
  ];
  const header = [
    'lesion',
    'sphere Gy/GBq',
    'voxel mean',
    'D98',
    'D50',
    'D2',
    'voxel/sphere',
    'VOI',
  ];
  const rows = results.lesions.map((lesion) => {
    const v = lesion.voxel;
    const voi = lesion.assessable ? 'trusted' : 'not assessable';
    if (v === undefined || 'notComputed' in v)
      return [lesion.id, sig3(lesion.doseGyPerGBq), '-', '-', '-', '-', '-', voi];
    return [
      lesion.id,
      sig3(lesion.doseGyPerGBq),
      sig3(v.meanDoseGyPerGBq),
      sig3(v.d98GyPerGBq),
      sig3(v.d50GyPerGBq),
      sig3(v.d2GyPerGBq),
      sig3(v.ratioToSphereModel),
      voi,
    ];
  });
  return [...lines, ...table(header, rows)];
}
