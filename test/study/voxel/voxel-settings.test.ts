// settings.voxelDosimetry: defaults, turning it off, the one-session case, the manifest schema,
// and a given transform overriding the registration (no registration runs for it).
import { describe, expect, it } from 'vitest';
import type { Volume } from '../../../src/core/volume.ts';
import { voxelDosimetrySchema } from '../../../src/io/manifest/voxel-settings-schema.ts';
import type { LoadedSession } from '../../../src/study/loaded-study.ts';
import { registerSessions } from '../../../src/study/voxel/session-registration.ts';
import { resolveVoxelSettings, VOXEL_DEFAULTS } from '../../../src/study/voxel/voxel-settings.ts';

/** A session with only what registerSessions reads without registering: its PET grid. */
function session(id: string): LoadedSession {
  const pet: Volume = {
    size: [11, 21, 31],
    spacingMm: [2, 2, 4],
    originLps: [-10, -20, 100],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data: new Float32Array(11 * 21 * 31),
  };
  return { id, index: 0, pet: { volume: pet } as LoadedSession['pet'], ct: null };
}

describe('voxel dosimetry settings', () => {
  it('runs by default with two sessions: kernel, voxel fit, density, auto registration', () => {
    expect(resolveVoxelSettings(undefined, 2)).toEqual({ run: true, settings: VOXEL_DEFAULTS });
    expect(VOXEL_DEFAULTS).toEqual({
      method: 'kernel',
      tia: 'voxel',
      densityCorrection: true,
      registration: 'auto',
    });
  });

  it('says why it does not run: turned off, no images, one session (unless region-scaled)', () => {
    const off = resolveVoxelSettings({ enabled: false }, 3);
    expect(off.run).toBe(false);
    expect(!off.run && off.reason).toMatch(/enabled: false/);
    const none = resolveVoxelSettings(undefined, 0);
    expect(!none.run && none.reason).toMatch(/no PET images/);
    const one = resolveVoxelSettings(undefined, 1);
    expect(!one.run && one.reason).toMatch(/region-scaled/);
    expect(resolveVoxelSettings({ tia: 'region-scaled' }, 1).run).toBe(true);
  });

  it('refuses unknown keys and values with the expected forms', () => {
    expect(voxelDosimetrySchema.safeParse({ method: 'monte-carlo' }).success).toBe(false);
    expect(voxelDosimetrySchema.safeParse({ enabeld: true }).success).toBe(false);
    const bad = voxelDosimetrySchema.safeParse({
      registration: { given: { pet108: { translationMm: [1, 2], rotationDeg: [0, 0, 0] } } },
    });
    expect(bad.success).toBe(false);
    expect(
      voxelDosimetrySchema.safeParse({
        registration: { given: { pet108: { translationMm: [1, 2, 3], rotationDeg: [0, 0, 190] } } },
      }).success,
    ).toBe(false);
  });

  it('takes a given transform (degrees, about the first PET grid centre) and none as the identity', () => {
    const sessions = [session('pet24'), session('pet108'), session('pet200')];
    const given = {
      given: {
        pet108: {
          translationMm: [3, -4, 5] as [number, number, number],
          rotationDeg: [90, 0, 0] as [number, number, number],
        },
      },
    };
    const out = registerSessions(sessions, { ...VOXEL_DEFAULTS, registration: given });
    expect(out.map((r) => r.method)).toEqual(['reference', 'given', 'pet-mutual-information']);
    const r = out[1];
    // Grid centre: origin + (n - 1) / 2 x spacing = (0, 0, 160) mm.
    expect(r?.transform?.centreLps).toEqual([0, 0, 160]);
    expect(r?.transform?.rotationRad[0]).toBeCloseTo(Math.PI / 2, 12);
    expect(r?.rotationAngleDeg).toBeCloseTo(90, 9);
    expect(r?.translationMm).toEqual([3, -4, 5]);
    // pet200 had no given transform and no CT: registering its empty PET fails, so it is left
    // out with a warning instead of failing the run.
    expect(out[2]?.transform).toBeNull();
    expect(out[2]?.warnings[0]).toMatch(
      /^scan pet200: left out of the voxel path, registration failed: /,
    );
    // A transform for an unknown id (a typo) or for the reference session is refused, naming it.
    const typo = { given: { pet018: given.given.pet108 } };
    expect(() => registerSessions(sessions, { ...VOXEL_DEFAULTS, registration: typo })).toThrow(
      /registration\.given\.pet018.*no later PET session with id "pet018"/,
    );
    const first = { given: { pet24: given.given.pet108 } };
    expect(() => registerSessions(sessions, { ...VOXEL_DEFAULTS, registration: first })).toThrow(
      /is the first session/,
    );
    const none = registerSessions(sessions, { ...VOXEL_DEFAULTS, registration: 'none' });
    expect(none.map((s) => s.method)).toEqual(['reference', 'none', 'none']);
    expect(none[1]?.translationMm).toEqual([0, 0, 0]);
  });
});
