import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';
import { writeSmallPet } from '../helpers/dicom-corrupt.ts';
import { startOrthanc, uploadInstance } from '../helpers/orthanc.ts';
it('serve', async () => {
  const server = await startOrthanc({ dicom: true, modalities: { iodose: { aet: 'IODOSE', host: '127.0.0.1', port: 11112 } } });
  const dir = tempDir();
  const files = writeSmallPet(join(dir, 'pet'));
  for (const f of files) await uploadInstance(server, readFileSync(f));
  writeFileSync('/tmp/pacs-orthanc.json', JSON.stringify({ ...server, files }));
  await new Promise((r) => setTimeout(r, 240_000));
  await server.stop();
}, 300_000);
