/**
 * The manifest's `tracer` and `wholeBody[]` entries, which accept two ways of writing the same
 * quantity (issue 7, item 11) and give the pipelines one:
 * - tracer: `activityMBq`, the net activity administered (syringe residual already subtracted),
 *   or `syringeMBq` (assayed at `syringeAt`, default `administeredAt`) with `residualMBq`
 *   assayed at `residualAt`: net = A_syringe(t0) - A_residual(t0), each decay-corrected to the
 *   administration t0 with the 124I half-life, A(t0) = A(t) exp(lambda (t - t0)).
 * - wholeBody: `netCounts` (background subtracted, one view or any fixed geometry), or conjugate
 *   views `anteriorCounts` and `posteriorCounts` (optionally with `anteriorBackgroundCounts` and
 *   `posteriorBackgroundCounts`, same counting time): net = sqrt((A - bA) (P - bP)), the
 *   geometric mean of the conjugate-view method (MIRD Pamphlet 16, Siegel et al. 1999, eq. 5).
 * The output always has `activityMBq` and `netCounts`; the given values stay beside them.
 */
import { z } from 'zod';
import { InputError } from '../../core/errors.ts';
import { quantity } from '../../core/quantity-schema.ts';
import { hoursBetween, parseLocalDateTimeMs } from '../../core/time.ts';
import { I124 } from '../../physics/nuclides.ts';

const dateTime = z.string({
  error: 'expected a local date-time string like "2024-03-04T09:15:00"',
});

/** Milliseconds of `text`, or an issue at `path` (and NaN) when it is no valid date-time. */
function timeMs(text: string, path: (string | number)[], context: z.RefinementCtx): number {
  try {
    return parseLocalDateTimeMs(text, {});
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    context.addIssue({ code: 'custom', path, message: error.expected });
    return NaN;
  }
}

export const tracerSchema = z
  .strictObject({
    nuclide: z.literal('I-124', { error: 'expected "I-124" (the tracer iodose converts to 131I)' }),
    activityMBq: quantity(
      'activityMBq',
      'the net administered activity in MBq (syringe residual subtracted)',
    ).optional(),
    administeredAt: dateTime,
    syringeMBq: quantity('activityMBq', 'the syringe activity before injection in MBq').optional(),
    syringeAt: dateTime.optional(),
    residualMBq: quantity('residualMBq', 'the residual activity in the syringe in MBq').optional(),
    residualAt: dateTime.optional(),
  })
  .transform((tracer, context) => {
    const { activityMBq, syringeMBq, residualMBq, residualAt } = tracer;
    const fail = (path: string, message: string) => {
      context.addIssue({ code: 'custom', path: [path], message });
      return z.NEVER;
    };
    if (activityMBq !== undefined) {
      if (syringeMBq !== undefined || residualMBq !== undefined) {
        return fail(
          'activityMBq',
          'give either activityMBq (net administered) or syringeMBq with residualMBq and residualAt, not both',
        );
      }
      return { ...tracer, activityMBq };
    }
    if (syringeMBq === undefined) {
      return fail(
        'activityMBq',
        'expected the net administered activity in MBq (activityMBq), or syringeMBq with residualMBq and residualAt',
      );
    }
    if (residualMBq === undefined || residualAt === undefined) {
      return fail(
        residualMBq === undefined ? 'residualMBq' : 'residualAt',
        'expected residualMBq and residualAt with syringeMBq (write residualMBq: 0 when the syringe was not measured after injection)',
      );
    }
    const administeredMs = timeMs(tracer.administeredAt, ['administeredAt'], context);
    const syringeMs = timeMs(tracer.syringeAt ?? tracer.administeredAt, ['syringeAt'], context);
    const residualMs = timeMs(residualAt, ['residualAt'], context);
    if (!Number.isFinite(administeredMs + syringeMs + residualMs)) return z.NEVER;
    if (residualMs < administeredMs) {
      return fail('residualAt', 'expected the residual assay at or after administeredAt');
    }
    const lambda = I124.decayConstantPerH;
    const atAdministration = (mbq: number, ms: number) =>
      mbq * Math.exp(lambda * hoursBetween(administeredMs, ms));
    const syringeAtAdministrationMBq = atAdministration(syringeMBq, syringeMs);
    const residualAtAdministrationMBq = atAdministration(residualMBq, residualMs);
    const net = syringeAtAdministrationMBq - residualAtAdministrationMBq;
    if (!(net >= 1)) {
      return fail(
        'residualMBq',
        `the residual (${residualAtAdministrationMBq.toPrecision(4)} MBq at administration) leaves ${net.toPrecision(4)} MBq of the syringe's ${syringeAtAdministrationMBq.toPrecision(4)} MBq; expected a net activity of at least 1 MBq`,
      );
    }
    return { ...tracer, activityMBq: net };
  });

const counts = (what: string) => quantity('counts', what);

export const wholeBodyCountSchema = z
  .strictObject({
    at: dateTime,
    netCounts: counts('background-corrected net counts').optional(),
    anteriorCounts: counts('anterior-view counts').optional(),
    posteriorCounts: counts('posterior-view counts').optional(),
    anteriorBackgroundCounts: counts('anterior-view background counts').optional(),
    posteriorBackgroundCounts: counts('posterior-view background counts').optional(),
  })
  .transform((count, context) => {
    const fail = (path: string, message: string) => {
      context.addIssue({ code: 'custom', path: [path], message });
      return z.NEVER;
    };
    const { anteriorCounts: a, posteriorCounts: p } = count;
    const views = a !== undefined || p !== undefined;
    const backgrounds =
      count.anteriorBackgroundCounts !== undefined || count.posteriorBackgroundCounts !== undefined;
    if (count.netCounts !== undefined) {
      if (!views && !backgrounds) return { ...count, netCounts: count.netCounts };
      return fail(
        'netCounts',
        'give either netCounts or anteriorCounts with posteriorCounts (conjugate views), not both',
      );
    }
    if (a === undefined || p === undefined) {
      return fail(
        a === undefined ? (views ? 'anteriorCounts' : 'netCounts') : 'posteriorCounts',
        views
          ? 'expected both conjugate views, anteriorCounts and posteriorCounts'
          : 'expected background-corrected net counts (netCounts), or anteriorCounts and posteriorCounts',
      );
    }
    const bA = count.anteriorBackgroundCounts ?? 0;
    const bP = count.posteriorBackgroundCounts ?? 0;
    if (bA > a || bP > p) {
      return fail(
        bA > a ? 'anteriorBackgroundCounts' : 'posteriorBackgroundCounts',
        `background above the view's counts (${bA > a ? `${bA} > ${a}` : `${bP} > ${p}`}); expected a background measured over the same counting time`,
      );
    }
    return { ...count, netCounts: Math.sqrt((a - bA) * (p - bP)) };
  });
