/**
 * The timepoint's inputs besides the images: patient data (sex, height; weight and diffuse lung
 * metastases per timepoint), tracer, therapy, settings and overrides, then blood samples,
 * whole-body counts and the recovery file (samples.ts). Each form saves its own part; the
 * server's messages (the CLI's words) appear next to the field they name.
 */
import type {
  PatientSummary,
  TimepointDetail,
  TimepointPatch,
  TracerInput,
} from '../../../src/server/api-types.ts';
import { api, get } from '../api.ts';
import { h, replace } from '../dom.ts';
import { labelled } from '../errors.ts';
import { bloodForm, recoveryForm, wholeBodyForm } from './samples.ts';
import { numberInput, numberOf, savingForm, textInput } from './forms.ts';
import { timepointHeader } from './timepoint-nav.ts';

function jsonArea(value: unknown, testid: string): HTMLTextAreaElement {
  return h(
    'textarea',
    { rows: 4, cols: 60, 'data-testid': testid },
    value === null || value === undefined ? '' : JSON.stringify(value, null, 2),
  );
}

function parseJson(area: HTMLTextAreaElement, field: string): Record<string, unknown> | null {
  if (area.value.trim() === '') return null;
  try {
    return JSON.parse(area.value) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `${field}: not JSON (${error instanceof Error ? error.message : String(error)}); write an object like {"key": value} or leave it empty`,
    );
  }
}

const patchTimepoint = (tid: number, patch: TimepointPatch) =>
  api<TimepointDetail>('PATCH', `/timepoints/${tid}`, patch);

function patientForms(detail: TimepointDetail, patient: PatientSummary | undefined): HTMLElement[] {
  const sex = h(
    'select',
    { 'data-testid': 'patient-sex' },
    ['', 'F', 'M'].map((v) =>
      h('option', { value: v, selected: (patient?.sex ?? '') === v }, v || '-'),
    ),
  );
  const height = numberInput(patient?.heightCm, 'patient-height');
  const weight = numberInput(detail.weightKg, 'tp-weight');
  const diffuse = h('input', {
    type: 'checkbox',
    checked: detail.diffuseLungMetastases,
    'data-testid': 'tp-diffuse',
  });
  return [
    savingForm(
      'patient',
      [labelled('Sex', 'sex', sex), labelled('Height (cm)', 'heightCm', height)],
      () =>
        api('PATCH', `/patients/${detail.patientId}`, {
          code: detail.patientCode,
          sex: sex.value === '' ? null : sex.value,
          heightCm: numberOf(height) ?? null,
        }),
      'patient',
    ),
    savingForm(
      'weight and lungs',
      [
        labelled('Weight at this timepoint (kg)', 'weightKg', weight),
        labelled('Diffuse lung metastases', 'diffuseLungMetastases', diffuse),
      ],
      () =>
        patchTimepoint(detail.id, {
          weightKg: numberOf(weight) ?? null,
          diffuseLungMetastases: diffuse.checked,
        }),
      'weight',
    ),
  ];
}

function tracerForm(detail: TimepointDetail): HTMLElement {
  const t = detail.tracer;
  const at = textInput(t?.administeredAt, 'tracer-at', '2024-03-04T09:15:00');
  const activity = numberInput(t?.activityMBq, 'tracer-activity');
  const syringe = numberInput(t?.syringeMBq, 'tracer-syringe');
  const syringeAt = textInput(t?.syringeAt, 'tracer-syringe-at');
  const residual = numberInput(t?.residualMBq, 'tracer-residual');
  const residualAt = textInput(t?.residualAt, 'tracer-residual-at');
  return savingForm(
    'tracer',
    [
      labelled(
        'Administered at (local, as the DICOM clock)',
        'tracer.administeredAt',
        at,
        'YYYY-MM-DDThh:mm:ss',
      ),
      labelled('Activity (MBq)', 'tracer.activityMBq', activity, 'or syringe and residual'),
      labelled('Syringe (MBq)', 'tracer.syringeMBq', syringe),
      labelled('Syringe measured at', 'tracer.syringeAt', syringeAt),
      labelled('Residual (MBq)', 'tracer.residualMBq', residual),
      labelled('Residual measured at', 'tracer.residualAt', residualAt),
    ],
    () => {
      const tracer: TracerInput = { nuclide: 'I-124', administeredAt: at.value.trim() };
      const add = (key: keyof TracerInput, value: string | number | undefined): void => {
        if (value !== undefined && value !== '')
          (tracer as unknown as Record<string, unknown>)[key] = value;
      };
      add('activityMBq', numberOf(activity));
      add('syringeMBq', numberOf(syringe));
      add('syringeAt', syringeAt.value.trim());
      add('residualMBq', numberOf(residual));
      add('residualAt', residualAt.value.trim());
      return patchTimepoint(detail.id, { tracer });
    },
    'tracer',
  );
}

function therapyForm(detail: TimepointDetail): HTMLElement {
  const { plannedActivityGBq, lesionDoseThresholdGy, bloodDoseLimitGy, ...rest } =
    detail.therapy ?? {};
  const planned = numberInput(plannedActivityGBq as number | undefined, 'therapy-planned');
  const threshold = numberInput(lesionDoseThresholdGy as number | undefined, 'therapy-threshold');
  const limit = numberInput(bloodDoseLimitGy as number | undefined, 'therapy-blood-limit');
  const more = jsonArea(Object.keys(rest).length === 0 ? null : rest, 'therapy-more');
  return savingForm(
    'therapy',
    [
      labelled('Planned activity (GBq)', 'therapy.plannedActivityGBq', planned),
      labelled('Lesion dose threshold (Gy)', 'therapy.lesionDoseThresholdGy', threshold),
      labelled('Blood dose limit (Gy)', 'therapy.bloodDoseLimitGy', limit),
      labelled(
        'Other therapy fields (JSON)',
        'therapy',
        more,
        'as in the manifest; empty for none',
      ),
    ],
    async () => {
      const therapy: Record<string, unknown> = { ...parseJson(more, 'therapy') };
      for (const [key, input] of [
        ['plannedActivityGBq', planned],
        ['lesionDoseThresholdGy', threshold],
        ['bloodDoseLimitGy', limit],
      ] as const) {
        const value = numberOf(input);
        if (value !== undefined) therapy[key] = value;
      }
      return patchTimepoint(detail.id, {
        therapy: Object.keys(therapy).length === 0 ? null : therapy,
      });
    },
    'therapy',
  );
}

function settingsForm(detail: TimepointDetail): HTMLElement {
  const settings = jsonArea(detail.settings, 'settings-json');
  const overrides = jsonArea(detail.overrides, 'overrides-json');
  return savingForm(
    'settings',
    [
      labelled(
        "Settings (JSON, the manifest's settings)",
        'settings',
        settings,
        'kinetics, uncertainty, voxelDosimetry, …; empty: the defaults',
      ),
      labelled('Overrides (JSON)', 'overrides', overrides, 'e.g. {"seedsLpsAsGiven": true}'),
    ],
    async () =>
      patchTimepoint(detail.id, {
        settings: parseJson(settings, 'settings'),
        overrides: parseJson(overrides, 'overrides') as Record<string, boolean> | null,
      }),
    'settings',
  );
}

export async function renderData(root: HTMLElement, [tid]: number[]): Promise<void> {
  const [detail, patients] = await Promise.all([
    get<TimepointDetail>(`/timepoints/${tid}`),
    get<PatientSummary[]>('/patients'),
  ]);
  const patient = patients.find((p) => p.id === detail.patientId);
  const card = (title: string, ...body: HTMLElement[]) =>
    h('section', { class: 'card' }, h('h2', {}, title), body);
  const head = h('div', {}, timepointHeader(detail, 'data'));
  root.addEventListener('iodose:saved', () => {
    get<TimepointDetail>(`/timepoints/${tid}`).then(
      (next) => replace(head, timepointHeader(next, 'data')),
      () => undefined,
    );
  });
  replace(
    root,
    head,
    card('Patient', ...patientForms(detail, patient)),
    card('Tracer (124I)', tracerForm(detail)),
    card('Therapy', therapyForm(detail)),
    card('Blood samples', bloodForm(detail)),
    card('Whole-body counts', wholeBodyForm(detail)),
    card('Recovery coefficients', recoveryForm(detail)),
    card('Settings and overrides', settingsForm(detail)),
  );
}
