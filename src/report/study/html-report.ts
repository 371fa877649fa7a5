/**
 * The self-contained HTML report: inline CSS and SVG, no scripts, no external resources,
 * printable on A4. Order as a physicist reads it: header (with the DICOM patient identity),
 * decision with a sign-off block, lesion table, image measurements and VOI pictures, voxel
 * dosimetry, lesion plots, blood and whole body, MTA, warnings, settings, images and calibration used, provenance.
 */
import type { StudyResults } from '../../study/results.ts';
import { escapeHtml, formatDateTime, formatQuantity } from '../format.ts';
import { renderBlood, renderMta } from './report-blood.ts';
import { renderDecision } from './report-decision.ts';
import { renderImageMeasurements } from './report-images.ts';
import { renderLesionPlots, renderLesionTable } from './report-lesions.ts';
import { renderProvenance, renderSettings } from './report-settings.ts';
import {
  SIGNOFF_CSS,
  dicomPatientCells,
  renderScanProvenance,
  withSignOff,
} from './report-scans.ts';
import { VOI_PICTURE_CSS, renderVoiPictures, type ReportPicture } from './report-voi-pictures.ts';
import { REPORT_CSS } from '../report-style.ts';
import { renderWarnings } from './report-warnings.ts';
import { renderVoxelReport, type ReportDosePicture } from './report-voxel.ts';
import { VOXEL_SECTION_CSS } from './voxel-section.ts';

/** Options of renderReportHtml. */
export interface ReportOptions {
  /** Log y axis on the time-activity plots (default true: exponentials become lines). */
  logY?: boolean;
  /** Date shown as "generated"; default the results' createdAt (keeps the output deterministic). */
  generatedAt?: string;
  /** PET/CT pictures of the VOIs (from the image measurements); none by default. */
  pictures?: readonly ReportPicture[];
  /** Isodose pictures of the lesions (voxel dosimetry); none by default. */
  dosePictures?: readonly ReportDosePicture[];
}

function header(results: StudyResults, generatedAt: string): string {
  const { patient, tracer } = results;
  const cells: [string, string][] = [
    ['Patient (manifest)', `<strong>${escapeHtml(patient.id)}</strong>`],
    ...dicomPatientCells(results),
    ['Weight', formatQuantity(patient.weightKg, 'kg', 'given')],
    [
      'Tracer',
      `${escapeHtml(tracer.nuclide)}, ${formatQuantity(tracer.activityMBq, 'MBq', 'given')}`,
    ],
    ['Administered', escapeHtml(formatDateTime(tracer.administeredAt))],
    ['Diffuse lung metastases', patient.diffuseLungMetastases ? 'yes' : 'no'],
    ['Report generated', escapeHtml(formatDateTime(generatedAt))],
  ];
  const grid = cells.map(([k, v]) => `<span class="label">${k}</span><span>${v}</span>`).join('');
  return `<header class="report-header">
<h1>Pre-therapeutic radioiodine dosimetry (<sup>124</sup>I PET/CT &rarr; <sup>131</sup>I)</h1>
<div class="header-grid">${grid}</div>
</header>`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}">\n<h2>${title}</h2>\n${body}\n</section>`;
}

function pictureSection(results: StudyResults, pictures: readonly ReportPicture[]): string {
  const body = renderVoiPictures(results, pictures);
  return body === '' ? '' : section('voi-pictures', 'VOIs on PET/CT', body);
}

function voxelSection(results: StudyResults, pictures: readonly ReportDosePicture[]): string {
  const body = renderVoxelReport(results, pictures);
  return body === '' ? '' : section('voxel', 'Voxel dosimetry (beside the sphere model)', body);
}

function scansSection(results: StudyResults): string {
  const body = renderScanProvenance(results);
  return body === '' ? '' : section('scans', 'Images and calibration used', body);
}

function imageSection(results: StudyResults): string {
  const body = renderImageMeasurements(results);
  return body === '' ? '' : section('images', 'Image measurements (PET VOIs and CT volumes)', body);
}

/** One self-contained HTML page (string) reporting a study's results. */
export function renderReportHtml(results: StudyResults, options: ReportOptions = {}): string {
  const log = options.logY ?? true;
  const generatedAt = options.generatedAt ?? results.provenance.createdAt;
  const scale = log ? 'log' : 'linear';
  const title = `iodose report ${results.patient.id}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}${SIGNOFF_CSS}${VOI_PICTURE_CSS}${VOXEL_SECTION_CSS}</style>
</head>
<body>
${header(results, generatedAt)}
${withSignOff(renderDecision(results))}
${section('lesions', 'Lesions', renderLesionTable(results))}
${imageSection(results)}
${pictureSection(results, options.pictures ?? [])}
${voxelSection(results, options.dosePictures ?? [])}
${section('lesion-plots', `Lesion time-activity curves (${scale} scale)`, renderLesionPlots(results, log))}
${section('blood', 'Blood and whole body', renderBlood(results, log))}
${section('mta', 'Maximum tolerable activity (MTA)', renderMta(results))}
${section('warnings', `Warnings (${results.findings.length})`, renderWarnings(results))}
${section('settings', 'Settings', renderSettings(results))}
${scansSection(results)}
${section('provenance', 'Provenance', renderProvenance(results))}
<footer>iodose ${escapeHtml(results.provenance.version)}: decision support for a medical physicist; the results must be checked before clinical use.</footer>
</body>
</html>
`;
}
