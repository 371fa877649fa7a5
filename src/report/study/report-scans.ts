/**
 * Which images and calibration produced the numbers, for the report: per scan the PET and CT
 * series (UIDs, description, scanner, reconstruction, grid), the extra CTs and the recovery file;
 * the patient identity of the DICOM headers for the report header; the sign-off block.
 */
import type { SeriesRecord } from '../../io/dicom/read/series-record.ts';
import type { StudyResults } from '../../study/results.ts';
import { escapeHtml, formatNumber } from '../format.ts';

function orDash(value: string | number | null): string {
  return value === null ? '-' : escapeHtml(String(value));
}

function seriesRow(scanId: string, series: SeriesRecord): string {
  const s = series.scanner;
  const r = series.reconstruction;
  const scanner = [s.manufacturer, s.model].filter((v) => v !== null).join(' ') || '-';
  const station = s.stationName === null ? '' : `<br>station ${escapeHtml(s.stationName)}`;
  const recon = [r.method, r.convolutionKernel].filter((v) => v !== null).join('; ') || '-';
  const m = r.matrix;
  const grid = `${m.columns} &times; ${m.rows} &times; ${m.slices}; pixel ${formatNumber(r.pixelSpacingMm[0])} &times; ${formatNumber(r.pixelSpacingMm[1])} mm; slice ${r.sliceThicknessMm === null ? '-' : formatNumber(r.sliceThicknessMm)} mm (spacing ${formatNumber(r.sliceSpacingMm)} mm)`;
  const uids = `study <code class="hash">${orDash(series.studyInstanceUid)}</code><br>series <code class="hash">${escapeHtml(series.seriesInstanceUid)}</code>`;
  return `<tr><td>${escapeHtml(scanId)}</td><td>${escapeHtml(series.modality)}</td><td>${orDash(series.seriesDescription)}</td><td>${escapeHtml(scanner)}${station}</td><td>${escapeHtml(recon)}</td><td>${grid}</td><td class="uids">${uids}</td></tr>`;
}

/** The series and recovery file used (HTML); empty string without images or recovery file. */
export function renderScanProvenance(results: StudyResults): string {
  const p = results.provenance;
  const rows = [
    ...(p.scans ?? []).flatMap((scan) => [
      seriesRow(scan.id, scan.pet),
      ...(scan.ct === null ? [] : [seriesRow(scan.id, scan.ct)]),
    ]),
    ...(p.extraCts ?? []).map((extra) => seriesRow(`${extra.id} (extra CT)`, extra.ct)),
  ];
  const table =
    rows.length === 0
      ? ''
      : `<table class="settings scans"><thead><tr><th>Scan</th><th>Modality</th><th>Series description</th><th>Scanner</th><th>Reconstruction</th><th>Grid (columns &times; rows &times; slices)</th><th>UIDs</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
  const recovery = p.recovery ?? null;
  const scanner =
    recovery === null
      ? ''
      : Object.entries(recovery.scanner)
          .map(([key, value]) => {
            const shown = typeof value === 'string' ? value : JSON.stringify(value);
            return `${escapeHtml(key)} <strong>${escapeHtml(shown ?? '')}</strong>`;
          })
          .join('; ');
  const recoveryText =
    recovery === null
      ? p.scans === undefined || p.scans.length === 0
        ? ''
        : '<p class="small">Recovery curve: none given (recovery coefficients from the measurements, or 1).</p>'
      : `<table class="kv"><tr><th>Recovery file</th><td><code>${escapeHtml(recovery.path)}</code></td></tr>
<tr><th>Its SHA-256</th><td><code class="hash">${escapeHtml(recovery.sha256)}</code></td></tr>
<tr><th>Calibrated on</th><td class="small">${scanner || '-'}</td></tr></table>`;
  return `${table}${recoveryText}`;
}

/** Header cells for the patient identity of the DICOM headers (empty without it). */
export function dicomPatientCells(results: StudyResults): [string, string][] {
  const dicom = results.patient.dicom ?? null;
  if (dicom === null) return [];
  const flags = [
    dicom.matchesManifestId ? '' : 'Patient ID differs from the manifest',
    dicom.consistent ? '' : 'series disagree',
  ].filter(Boolean);
  const warn =
    flags.length === 0 ? '' : ` <span class="provisional">(&#9888; ${flags.join('; ')})</span>`;
  return [
    ['DICOM patient', `${orDash(dicom.name)}${warn}`],
    ['DICOM Patient ID', orDash(dicom.id)],
    ['Birth date', orDash(dicom.birthDate)],
    ['Sex (DICOM)', orDash(dicom.sex)],
  ];
}

/** CSS of the sign-off block and the series table. */
export const SIGNOFF_CSS = `
.signoff { display: grid; grid-template-columns: 2fr 1fr 2fr; gap: 6mm; margin-top: 4mm; }
.signoff div { display: flex; flex-direction: column; }
.signoff .line { border-bottom: 1px solid #333; height: 9mm; }
.signoff .label { font-size: 8.5pt; color: #333; margin-top: 0.8mm; }
table.scans { font-size: 7.4pt; }
table.scans td.uids { font-size: 6.8pt; max-width: 48mm; }
table.scans td.uids code { font-size: 6.8pt; }
`;

/** "Reviewed by / date / signature": empty lines to fill in by hand on the printed report. */
export function renderSignOff(): string {
  return `<div class="signoff" id="signoff">
<div><span class="line"></span><span class="label">Reviewed by (name)</span></div>
<div><span class="line"></span><span class="label">Date</span></div>
<div><span class="line"></span><span class="label">Signature</span></div>
</div>`;
}

/** The decision section's HTML with the sign-off block at its end (before its closing tag). */
export function withSignOff(decisionHtml: string): string {
  const end = decisionHtml.lastIndexOf('</section>');
  if (end < 0) return `${decisionHtml}\n${renderSignOff()}`;
  return `${decisionHtml.slice(0, end)}${renderSignOff()}\n${decisionHtml.slice(end)}`;
}
