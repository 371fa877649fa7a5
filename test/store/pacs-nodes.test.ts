// PACS nodes in the store: add, edit, delete, each with its audit row; the URL parsed by the
// CLI's parser; names unique; AE titles at most 16 characters; credentials of a URL kept for
// connecting but never in a listing or the audit log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  closeStore,
  ConflictError,
  createPacsNode,
  deletePacsNode,
  listAudit,
  listPacsNodes,
  NotFoundError,
  openStore,
  pacsNodeConnection,
  updatePacsNode,
  type Store,
} from '../../src/store/index.ts';
import { inputErrorOf } from '../helpers/input-error.ts';
import { tempDir } from '../helpers/temp.ts';

let store: Store;
beforeEach(() => {
  store = openStore(tempDir());
});
afterEach(() => closeStore(store));

describe('PACS nodes', () => {
  it('adds, lists, edits and deletes nodes, each change with its audit row', () => {
    const web = createPacsNode(
      store,
      { name: ' Orthanc ', url: 'http://127.0.0.1:8042/dicom-web/' },
      'c',
    );
    expect(web).toMatchObject({
      name: 'Orthanc',
      url: 'http://127.0.0.1:8042/dicom-web',
      kind: 'dicomweb',
      callingAet: null,
      hasCredentials: false,
    });
    const dimse = createPacsNode(
      store,
      { name: 'Archive', url: 'dicom://ARCHIVE@pacs.local:104', callingAet: 'IODOSE1' },
      'c',
    );
    expect(dimse).toMatchObject({ kind: 'dimse', callingAet: 'IODOSE1' });
    expect(listPacsNodes(store).map((n) => n.name)).toEqual(['Archive', 'Orthanc']);
    const edited = updatePacsNode(store, web.id, { name: 'Orthanc 2' }, 'c');
    expect(edited).toMatchObject({ name: 'Orthanc 2', url: 'http://127.0.0.1:8042/dicom-web' });
    deletePacsNode(store, dimse.id, 'c');
    expect(listPacsNodes(store).map((n) => n.id)).toEqual([web.id]);
    const audit = listAudit(store, { entity: 'pacs_node' });
    expect(audit.map((a) => a.action)).toEqual(['delete', 'update', 'create', 'create']);
    expect(audit[1]?.before).toMatchObject({ name: 'Orthanc' });
    expect(audit[1]?.after).toMatchObject({ name: 'Orthanc 2' });
    expect(() => deletePacsNode(store, dimse.id, 'c')).toThrow(NotFoundError);
  });

  it('keeps credentials for connecting, never in the listing or the audit', () => {
    const node = createPacsNode(
      store,
      { name: 'Secured', url: 'https://reader:s3cret@pacs.example.org/dicom-web' },
      'c',
    );
    expect(node.url).toBe('https://pacs.example.org/dicom-web');
    expect(node.hasCredentials).toBe(true);
    expect(pacsNodeConnection(store, node.id).url).toContain('reader:s3cret@');
    updatePacsNode(store, node.id, { callingAet: 'X' }, 'c');
    deletePacsNode(store, node.id, 'c');
    const text = JSON.stringify(listAudit(store, {}));
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('reader');
    expect(text).toContain('https://pacs.example.org/dicom-web');
  });

  it('refuses bad input with the field named, and stores nothing', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ name: '', url: 'http://h/dicom-web' }, 'name', /1-64 characters/],
      [{ name: 'x'.repeat(65), url: 'http://h/dicom-web' }, 'name', /1-64 characters/],
      [{ name: 'A', url: 'ftp://h/x' }, 'url', /neither http\(s\):\/\/ nor dicom:\/\//],
      [{ name: 'A', url: 'dicom://WAY-TOO-LONG-AE-TITLE@h:104' }, 'url', /not an AE title/],
      [{ name: 'A', url: 'dicom://AET@h:70000' }, 'url', /port 70000/],
      [{ name: 'A', url: 42 }, 'url', /as text/],
      [
        { name: 'A', url: 'dicom://AET@h:104', callingAet: 'SEVENTEEN-CHARS-X' },
        'callingAet',
        /1-16 characters/,
      ],
      [{ name: 'A', url: 'dicom://AET@h:104', password: 'x' }, 'password', /unknown key/],
    ];
    for (const [input, field, message] of cases) {
      const error = inputErrorOf(() => createPacsNode(store, input, 'c'));
      expect(error.field, JSON.stringify(input)).toBe(field);
      expect(error.message).toMatch(message);
    }
    createPacsNode(store, { name: 'A', url: 'http://h/dicom-web' }, 'c');
    expect(() => createPacsNode(store, { name: 'A', url: 'http://g/dicom-web' }, 'c')).toThrow(
      ConflictError,
    );
    const id = listPacsNodes(store)[0]?.id ?? 0;
    expect(inputErrorOf(() => updatePacsNode(store, id, { url: 'nonsense' }, 'c')).field).toBe(
      'url',
    );
    expect(listPacsNodes(store)).toHaveLength(1);
    expect(listPacsNodes(store)[0]?.url).toBe('http://h/dicom-web');
    expect(listAudit(store, { entity: 'pacs_node' })).toHaveLength(1);
  });
});
