/**
 * The cohort manifest (issue 4): YAML or JSON, version key `iodose-cohort: 1`. Timepoints in
 * order (the first is the baseline), patients with grouping attributes and one study per
 * timepoint present (a study manifest to run, or a results.json), and the stopping rule.
 * Cross-field problems (unknown timepoint key, duplicate patient id) are reported by field path.
 * Optional FDG response inputs (PERCIST): per patient `sex`, `heightCm`, `weightKg` (else from the
 * PET header) and `fdg.<timepoint> = { pet, series?, liverLps, lesions: {id: seedLps},
 * newLesions?, uptakeMinutes? }`.
 */
import { z } from 'zod';
import { MANIFEST_LIMITS } from '../../core/plausible-ranges.ts';
import {
  identifier,
  limitedList,
  pathText,
  pointMm,
  quantity,
} from '../../core/quantity-schema.ts';

/** Timepoint names that would collide with keys beside the timepoints in cohort.json. */
export const RESERVED_TIMEPOINTS = ['friedman', 'wilcoxonVsBaseline'] as const;

/** The seed's rule: stop after 9 patients when none is eligible. */
export const DEFAULT_STOPPING_RULE = { maxEligible: 0, afterPatients: 9 } as const;

const name = identifier('a name');
const count = (what: string) =>
  z
    .number({ error: `expected ${what} as a whole number` })
    .int({ error: `expected ${what} as a whole number` })
    .min(0, { error: `expected ${what} >= 0` });
const attribute = z.union([z.string(), z.number(), z.boolean()], {
  error: 'expected a grouping attribute (text, number or true/false)',
});

const lps = pointMm('DICOM LPS');

/** One FDG PET of a patient at a timepoint: DICOM folder, liver ROI centre and lesion seeds. */
const fdgScanSchema = z.strictObject({
  pet: pathText('the DICOM folder of the FDG PET'),
  series: z.string({ error: 'expected a Series Instance UID' }).optional(),
  liverLps: lps,
  lesions: z.record(name, lps, {
    error: 'expected a mapping of lesion id -> seed [x, y, z] LPS mm',
  }),
  newLesions: z.array(name, { error: 'expected a list of lesion ids' }).optional(),
  uptakeMinutes: quantity('uptakeMinutes', 'minutes from injection to scan start').optional(),
});

/** Patient keys that are not grouping attributes (FDG response inputs). */
export const NON_ATTRIBUTE_KEYS = ['id', 'studies', 'fdg', 'heightCm', 'weightKg'] as const;

const patientSchema = z
  .object({
    id: name,
    studies: z.record(z.string(), pathText('the path of a study file'), {
      error: 'expected a mapping of timepoint -> study manifest or results.json path',
    }),
    /** Patient sex for the lean body mass (else (0010,0040) of the FDG PET); also an attribute. */
    sex: z.enum(['M', 'F'], { error: 'expected sex M or F' }).optional(),
    heightCm: quantity('fdgHeightCm', 'the height in cm').optional(),
    weightKg: quantity('weightKg', 'the weight in kg').optional(),
    fdg: z
      .record(z.string(), fdgScanSchema, {
        error: 'expected a mapping of timepoint -> FDG PET (pet, liverLps, lesions)',
      })
      .optional(),
  })
  .catchall(attribute);

/** Schema of the cohort manifest, with the cross-field checks (timepoints, ids, groupBy). */
export const cohortManifestSchema = z
  .strictObject({
    'iodose-cohort': z.literal(1, { error: 'expected `iodose-cohort: 1` (the format version)' }),
    name,
    timepoints: z
      .array(name, { error: 'expected a list of timepoint names, baseline first' })
      .min(1, { error: 'expected at least one timepoint' })
      .max(MANIFEST_LIMITS.timepoints.max, {
        error: `expected at most ${MANIFEST_LIMITS.timepoints.max} timepoints (an iodose limit)`,
      }),
    stoppingRule: z
      .strictObject({
        maxEligible: count('the largest number of eligible patients that stops the trial'),
        afterPatients: count('the number of evaluable patients the rule is checked after').min(1, {
          error: 'expected afterPatients >= 1',
        }),
      })
      .default({ ...DEFAULT_STOPPING_RULE }),
    /** Patient attributes to group changes by; default: every attribute the patients carry. */
    groupBy: z.array(name).optional(),
    patients: limitedList(patientSchema, MANIFEST_LIMITS.cohortPatients).min(1, {
      error: 'expected at least one patient',
    }),
  })
  .superRefine((manifest, context) => {
    checkTimepointNames(manifest.timepoints, context);
    const ids = new Map<string, number>();
    manifest.patients.forEach((patient, index) => {
      const earlier = ids.get(patient.id);
      if (earlier !== undefined) {
        const message = `duplicate patient id (also patients[${earlier}].id)`;
        context.addIssue({ code: 'custom', path: ['patients', index, 'id'], message });
      }
      ids.set(patient.id, index);
      for (const block of ['studies', 'fdg'] as const) {
        for (const key of Object.keys(patient[block] ?? {})) {
          if (manifest.timepoints.includes(key)) continue;
          const message = `unknown timepoint "${key}" (expected one of ${manifest.timepoints.join(', ')})`;
          context.addIssue({ code: 'custom', path: ['patients', index, block, key], message });
        }
      }
      if (patient.fdg !== undefined && patient.id === 'summary') {
        const message = '"summary" is reserved in cohort.json response; rename the patient';
        context.addIssue({ code: 'custom', path: ['patients', index, 'id'], message });
      }
    });
    (manifest.groupBy ?? []).forEach((key, index) => {
      if (manifest.patients.some((patient) => attributeKeys(patient).includes(key))) return;
      const message = `no patient has the attribute "${key}"`;
      context.addIssue({ code: 'custom', path: ['groupBy', index], message });
    });
  });

/** A validated cohort manifest (stoppingRule defaulted). */
export type CohortManifest = z.infer<typeof cohortManifestSchema>;
/** One patient entry of the manifest: id, studies and grouping attributes. */
export type CohortManifestPatient = CohortManifest['patients'][number];
/** One FDG PET entry of a manifest patient. */
export type CohortFdgScanEntry = z.infer<typeof fdgScanSchema>;

/** The grouping attribute names of a manifest patient (every key but NON_ATTRIBUTE_KEYS). */
export function attributeKeys(patient: Record<string, unknown>): string[] {
  const skip: readonly string[] = NON_ATTRIBUTE_KEYS;
  return Object.keys(patient).filter((key) => !skip.includes(key) && patient[key] !== undefined);
}

/** The attributes of a manifest patient as text (numbers and true/false written as such). */
export function patientAttributes(patient: CohortManifestPatient): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of attributeKeys(patient)) out[key] = String(patient[key]);
  return out;
}

/** The attributes to group by: `groupBy`, or every attribute in order of first appearance. */
export function groupingAttributes(manifest: CohortManifest): string[] {
  if (manifest.groupBy !== undefined) return [...manifest.groupBy];
  return [...new Set(manifest.patients.flatMap((patient) => attributeKeys(patient)))];
}

/** Reports reserved and repeated timepoint names at `timepoints[i]` (cohort file and settings). */
export function checkTimepointNames(
  timepoints: readonly string[],
  context: {
    addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void;
  },
): void {
  const seen = new Map<string, number>();
  timepoints.forEach((timepoint, index) => {
    const reserved = (RESERVED_TIMEPOINTS as readonly string[]).includes(timepoint);
    const earlier = seen.get(timepoint);
    if (reserved || earlier !== undefined) {
      const message = reserved
        ? `"${timepoint}" is reserved in cohort.json; rename the timepoint`
        : `duplicate timepoint (also timepoints[${earlier}])`;
      context.addIssue({ code: 'custom', path: ['timepoints', index], message });
    }
    seen.set(timepoint, index);
  });
}
