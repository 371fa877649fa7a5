/**
 * The voxel dosimetry section of the report (issue 9): per lesion the voxel dose statistics at
 * the therapy activity beside the sphere-model dose, the cumulative DVH (svg/dvh-plot.ts) and
 * the isodose picture (report-dose-picture.ts); the method notes (kernel or local deposition,
 * time-integrated activity, density, no recovery correction) and the registration of each
 * session. When the voxel path was skipped, or a lesion has no voxel result, the section says
 * "not computed" and why. Returns the section body (the caller adds the heading).
 */
import { isUserError } from '../../core/errors.ts';
import type { LesionVoxelDose as FullLesionVoxelDose } from '../../dosimetry/voxel/lesion-voxel.ts';
import type { DosePicture } from '../../imaging/dose-picture.ts';
import { MISSING, escapeHtml, formatGiven, formatNumber, formatQuantity } from '../format.ts';
import { dvhPlotSvg } from '../svg/dvh-plot.ts';
import { renderDosePictureFigure } from './report-dose-picture.ts';

/** A session's rigid registration to the first session (null: the reference or not registered). */
export interface SessionRegistration {
  method: string;
  translationMm: [number, number, number];
  rotationDeg: [number, number, number];
  /** Residual misalignment after registration, mm (null when not measured). */
  residualMm: number | null;
}

/** Voxel statistics of one lesion, per GBq of 131I (the fields of lesions[].voxel shown). */
export type LesionVoxelDose = Pick<
  FullLesionVoxelDose,
  | 'meanDoseGyPerGBq'
  | 'd98GyPerGBq'
  | 'd90GyPerGBq'
  | 'd50GyPerGBq'
  | 'd2GyPerGBq'
  | 'minDoseGyPerGBq'
  | 'maxDoseGyPerGBq'
  | 'vThresholdFraction'
  | 'voxelCount'
  | 'ratioToSphereModel'
  | 'dvh'
>;

/** Everything the section shows. */
export interface VoxelSectionInput {
  settings: {
    method: 'kernel' | 'local';
    tia: 'voxel' | 'region-scaled';
    densityCorrection: boolean;
  };
  /** Therapy activity the doses are shown at, GBq. */
  activityGBq: number;
  /** The dose threshold of V_threshold, Gy (default 20, the seed's eligibility threshold). */
  thresholdGy?: number;
  sessions: { id: string; registration: SessionRegistration | null }[];
  lesions: {
    id: string;
    sphereDoseGyPerGBq: number | null;
    voxel: LesionVoxelDose | null;
    /** Why the voxel result is missing. */
    reason?: string;
    /** False when the lesion is not assessable (its VOI is not trusted); default true. */
    assessable?: boolean;
    picture?: DosePicture;
  }[];
  /** Set when the whole voxel path was skipped: why. */
  skipped?: string;
  /** The run's own notes on the method (truncation, air voxels), shown as given. */
  notes?: readonly string[];
}

/** CSS of the section (screen and print). */
export const VOXEL_SECTION_CSS = `
table.voxel { font-size: 8pt; }
.voxel-lesion { break-inside: avoid; margin: 2mm 0 3mm 0; }
figure.dose-figure svg.isodose-legend { border: none; margin-top: 1mm; }
`;

const DEFAULT_THRESHOLD_GY = 20;

function methodNotes(input: VoxelSectionInput, thresholdGy: number): string {
  const { method, tia, densityCorrection } = input.settings;
  const dose =
    method === 'kernel'
      ? 'voxel S-value kernel convolution (<sup>131</sup>I kernel of Lanconelli et al. 2012, with a photon tail to 100 mm from iodose&rsquo;s photon transport)'
      : 'local energy deposition (the energy of each decay absorbed in its own voxel)';
  const activity =
    tia === 'voxel'
      ? 'a mono-exponential through each voxel&rsquo;s <sup>131</sup>I-equivalent activities from t = 0 (physical <sup>131</sup>I decay after the last point when T<sub>eff</sub> &gt; T<sub>phys</sub>)'
      : 'the voxel pattern of one session scaled to the lesion&rsquo;s fitted time-integrated activity (region-scaled)';
  const density = densityCorrection
    ? 'density scaled from the CT (HU to density)'
    : 'unit density (water) everywhere';
  return `<p class="small">Dose: ${dose}; time-integrated activity: ${activity}; ${density}. No recovery correction at voxel level, so partial-volume losses stay in the voxel doses (the sphere-model doses are recovery-corrected). Doses at the therapy activity of ${formatQuantity(input.activityGBq, 'GBq', 'given')} (dose per GBq &times; activity); D<sub>x</sub>: the least dose received by the hottest x% of the VOI; V<sub>${formatGiven(thresholdGy)} Gy</sub>: the fraction of the VOI receiving at least ${formatQuantity(thresholdGy, 'Gy', 'given')}; ratio: voxel mean over sphere-model dose.</p>`;
}

function triple(values: readonly number[]): string {
  return values.map((v) => formatNumber(v)).join(', ');
}

function registrationTable(input: VoxelSectionInput): string {
  if (input.sessions.length === 0) return '';
  const rows = input.sessions.map(({ id, registration: r }, index) => {
    const name = `<td><strong>${escapeHtml(id)}</strong></td>`;
    if (r === null) {
      const text = index === 0 ? 'reference (first session)' : 'not registered';
      return `<tr>${name}<td colspan="4">${text}</td></tr>`;
    }
    return `<tr>${name}<td>${escapeHtml(r.method)}</td><td class="num">${triple(r.translationMm)}</td><td class="num">${triple(r.rotationDeg)}</td><td class="num">${r.residualMm === null ? MISSING : formatNumber(r.residualMm)}</td></tr>`;
  });
  return `<table class="voxel registration"><thead><tr><th>Session</th><th>Registration</th><th class="num">Translation x, y, z (mm)</th><th class="num">Rotation about x, y, z (&deg;)</th><th class="num">Residual (mm)</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
<p class="small muted">Rigid transform of each session onto the first (LPS axes, about the first PET grid&rsquo;s centre); residual: the mean distance between this result and a second registration from a displaced start on other samples. It shows how firmly the images fix the transform, not its error against the truth.</p>`;
}

type Lesion = VoxelSectionInput['lesions'][number];

function doseRow(lesion: Lesion, activityGBq: number): string {
  const at = (perGBq: number | null) => formatNumber(perGBq === null ? null : perGBq * activityGBq);
  const flag = lesion.assessable === false ? ' <span class="warn">(not assessable)</span>' : '';
  const id = `<td><strong>${escapeHtml(lesion.id)}</strong>${flag}</td>`;
  const sphere = `<td class="num">${at(lesion.sphereDoseGyPerGBq)}</td>`;
  const v = lesion.voxel;
  if (v === null) {
    const reason = escapeHtml(lesion.reason ?? 'no reason given');
    return `<tr>${id}${sphere}<td colspan="10">not computed: ${reason}</td></tr>`;
  }
  const cells = [
    String(v.voxelCount),
    at(v.meanDoseGyPerGBq),
    formatNumber(v.ratioToSphereModel),
    at(v.d98GyPerGBq),
    at(v.d90GyPerGBq),
    at(v.d50GyPerGBq),
    at(v.d2GyPerGBq),
    at(v.minDoseGyPerGBq),
    at(v.maxDoseGyPerGBq),
    formatNumber(100 * v.vThresholdFraction),
  ];
  return `<tr>${id}${sphere}${cells.map((c) => `<td class="num">${c}</td>`).join('')}</tr>`;
}

function doseTable(input: VoxelSectionInput, thresholdGy: number): string {
  const heads = [
    'Sphere model',
    'Voxels',
    'Voxel mean',
    'Ratio',
    'D<sub>98</sub>',
    'D<sub>90</sub>',
    'D<sub>50</sub>',
    'D<sub>2</sub>',
    'Min',
    'Max',
    `V<sub>${formatGiven(thresholdGy)} Gy</sub> (%)`,
  ];
  const head = `<tr><th>Lesion</th>${heads.map((h) => `<th class="num">${h}</th>`).join('')}</tr>`;
  const body = input.lesions.map((l) => doseRow(l, input.activityGBq)).join('\n');
  return `<table class="voxel doses"><thead>${head}</thead><tbody>
${body}
</tbody></table>
<p class="small muted">Doses in Gy at ${formatQuantity(input.activityGBq, 'GBq', 'given')}; voxels: VOI voxels on the dose grid. The voxel doses carry no uncertainty budget: read them as the dose pattern within each VOI beside the sphere-model dose and its interval, not as a second verdict; a lesion not assessable has a VOI that is not trusted, and so are its voxel figures.</p>`;
}

/** DVH figure of one lesion, or the reason it cannot be drawn. */
function dvhFigure(lesion: Lesion, index: number, input: VoxelSectionInput, thresholdGy: number) {
  const dvh = lesion.voxel?.dvh;
  if (dvh === undefined) return '';
  try {
    const svg = dvhPlotSvg(
      [
        {
          label: `lesion ${lesion.id}`,
          doseGy: dvh.doseGyPerGBq.map((d) => d * input.activityGBq),
          volumeFraction: dvh.volumeFraction,
        },
      ],
      {
        title: `Lesion ${lesion.id}: cumulative DVH`,
        activityGBq: input.activityGBq,
        thresholdGy,
        id: `voxel-dvh-${index}`,
      },
    );
    return `<figure>${svg}<figcaption>Lesion ${escapeHtml(lesion.id)}: fraction of the VOI receiving at least each dose; dashed: ${formatQuantity(thresholdGy, 'Gy', 'given')}.</figcaption></figure>`;
  } catch (error) {
    if (!isUserError(error)) throw error;
    return `<p class="small">DVH of lesion ${escapeHtml(lesion.id)} not drawn: ${escapeHtml(error.message)}</p>`;
  }
}

/** The section body (HTML). */
export function renderVoxelSection(input: VoxelSectionInput): string {
  if (input.skipped !== undefined) {
    return `<p>Voxel dosimetry not computed: ${escapeHtml(input.skipped)}.</p>
<p class="small muted">The sphere-model doses above do not depend on the voxel path.</p>`;
  }
  const thresholdGy = input.thresholdGy ?? DEFAULT_THRESHOLD_GY;
  const figures = input.lesions
    .filter((lesion) => lesion.voxel !== null)
    .map((lesion, index) => {
      const dvh = dvhFigure(lesion, index, input, thresholdGy);
      const picture =
        lesion.picture === undefined ? '' : renderDosePictureFigure(lesion.id, lesion.picture);
      return `<div class="voxel-lesion"><h3>Lesion ${escapeHtml(lesion.id)}</h3>
<div class="plots">${dvh}${picture}</div></div>`;
    });
  const notes = (input.notes ?? []).map((n) => `<p class="small">${escapeHtml(n)}</p>`).join('\n');
  return `${doseTable(input, thresholdGy)}
${methodNotes(input, thresholdGy)}
${notes}
${registrationTable(input)}
${figures.join('\n')}`;
}
