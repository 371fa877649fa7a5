// A known sequence written with VR UN (as anonymisers and some PACS do) holds implicit VR
// little endian content (PS3.5 6.2.2): its items must be read as implicit, whatever the file's
// transfer syntax, and a UN whose lengths point past its data is an InputError, never a crash.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { parseInstance } from '../../../src/io/dicom/read/parse-instance.ts';

/** One explicit VR little endian element. */
function element(group: number, elem: number, vr: string, value: Buffer): Buffer {
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR', 'OF', 'OD', 'OL', 'OV', 'SV', 'UV'];
  const header = Buffer.alloc(long.includes(vr) ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(elem, 2);
  header.write(vr, 4, 'latin1');
  if (long.includes(vr)) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

/** A Part 10 file in explicit VR little endian with one data element. */
function part10(dataElement: Buffer): Buffer {
  const body = element(2, 0x10, 'UI', Buffer.from('1.2.840.10008.1.2.1\0', 'latin1'));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(body.length, 0);
  const meta = Buffer.concat([element(2, 0, 'UL', length), body]);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), meta, dataElement]);
}

/** An item (FFFE,E000) of `itemLength` holding implicit (0020,000E) SeriesInstanceUID "1.2.34". */
function implicitItem(itemLength = 16): Buffer {
  const item = Buffer.alloc(8 + 8 + 8);
  item.writeUInt16LE(0xfffe, 0);
  item.writeUInt16LE(0xe000, 2);
  item.writeUInt32LE(itemLength, 4);
  item.writeUInt16LE(0x0020, 8);
  item.writeUInt16LE(0x000e, 10);
  item.writeUInt32LE(8, 12);
  item.write('1.2.34\0\0', 16, 'latin1');
  return item;
}

describe('a sequence written as UN', () => {
  it('reads its items as implicit VR little endian (PS3.5 6.2.2)', () => {
    // (0008,1115) Referenced Series Sequence, VR UN instead of SQ.
    const file = part10(element(0x0008, 0x1115, 'UN', implicitItem()));
    const parsed = parseInstance({ bytes: file, source: 'un.dcm' });
    const items = parsed?.dataset['ReferencedSeriesSequence'] as Record<string, unknown>[];
    expect(items).toHaveLength(1);
    expect(items[0]?.['SeriesInstanceUID']).toBe('1.2.34');
  });

  it('an item length past the end of the UN value is an InputError naming the file', () => {
    const file = part10(element(0x0008, 0x1115, 'UN', implicitItem(4000)));
    let thrown: unknown;
    try {
      parseInstance({ bytes: file, source: 'un-bad.dcm' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect(String((thrown as Error).message)).toContain('un-bad.dcm');
  });
});
