// The Orthanc harness itself: it starts on loopback with the DICOMweb plugin and cleans up.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { orthancMissing, startOrthanc, warnOrthancMissing } from '../helpers/orthanc.ts';

const missing = orthancMissing();
if (missing !== null) warnOrthancMissing(missing);

describe.skipIf(missing !== null)('Orthanc test harness', () => {
  it('starts Orthanc with DICOMweb on 127.0.0.1 and removes its folder when stopped', async () => {
    const server = await startOrthanc();
    try {
      const system = (await (await fetch(`${server.httpUrl}/system`)).json()) as {
        Version: string;
      };
      expect(system.Version).toMatch(/^1\./);
      const plugins = (await (await fetch(`${server.httpUrl}/plugins`)).json()) as string[];
      expect(plugins).toContain('dicom-web');
      const studies = await fetch(`${server.dicomWebUrl}/studies`, {
        headers: { accept: 'application/dicom+json' },
      });
      expect(studies.status === 200 || studies.status === 204).toBe(true);
    } finally {
      await server.stop();
    }
    expect(existsSync(server.folder)).toBe(false);
  });
});
