/**
 * The iodose TID 1500 SR and Encapsulated PDF read back by pydicom (read-sr.py), and the dciodvfy
 * summary line of a written object, for the results-as-DICOM and PACS round-trip tests.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { dciodvfy, PYTHON } from './external-tools.ts';

export interface SrCode {
  value: string;
  scheme: string;
  meaning: string;
}

export interface SrReadMeasurement {
  concept: SrCode;
  unit: SrCode;
  ds: string;
  value: number;
  sigma?: number;
  sigmaKind?: string[];
  derivation?: SrCode;
}

export interface SrReadGroup {
  template: string;
  trackingId: string;
  trackingUid: string;
  timePoint?: string;
  finding?: SrCode;
  segment?: { sopInstanceUid: string; sopClassUid: string; segmentNumber: number };
  sourceSeries?: string;
  measurements: SrReadMeasurement[];
  evaluations: ({ concept: SrCode; code: SrCode } | { concept: SrCode; text: string })[];
}

export interface SrRead {
  sopClassUid: string;
  modality: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  patientId: string;
  template: string;
  evidence: { study: string; series: string; sops: string[] }[];
  groups: SrReadGroup[];
  evaluations: SrReadGroup['evaluations'];
}

export interface PdfRead {
  modality: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  mime: string;
  length: number;
  sha256: string;
}

/** The SR (or, for an Encapsulated PDF, its document digest) as pydicom reads it. */
export function readSrWithPydicom<T extends SrRead | PdfRead = SrRead>(file: string): T {
  const script = join(import.meta.dirname, 'read-sr.py');
  return JSON.parse(execFileSync(PYTHON, [script, file]).toString('utf8')) as T;
}

/** The measurement of `group` with this code value, or undefined. */
export function measurementOf(group: SrReadGroup, code: string): SrReadMeasurement | undefined {
  return group.measurements.find((m) => m.concept.value === code);
}

/** dciodvfy's counts for `file`, printed as one summary line ("<label>: E errors, W warnings"). */
export function dciodvfySummary(
  label: string,
  file: string,
): { errors: string[]; warnings: string[] } {
  const result = dciodvfy(file);
  const kinds = [...new Set(result.warnings.map((w) => w.replace(/^Warning - /, '')))];
  console.log(
    `dciodvfy ${label}: ${result.errors.length} errors, ${result.warnings.length} warnings` +
      (kinds.length === 0 ? '' : ` (${kinds.join('; ')})`),
  );
  return result;
}
