/**
 * (0008,0005) Specific Character Set (PS3.3 C.12.1.1.2) to a text decoder, with the encodings
 * dcmjs 0.51 maps (its encodingMapping: the defined terms, written as lower-case WHATWG labels).
 * Code extension (ISO 2022 escapes with several values) is refused, as dcmjs refuses it.
 */
import { InputError } from '../../../core/errors.ts';
import { textCodec, type TextCodec } from './element-values.ts';

const ENCODINGS: Record<string, string> = {
  '': 'iso-8859-1',
  'iso-ir-6': 'iso-8859-1',
  'iso-ir-13': 'shift-jis',
  'iso-ir-100': 'latin1',
  'iso-ir-101': 'iso-8859-2',
  'iso-ir-109': 'iso-8859-3',
  'iso-ir-110': 'iso-8859-4',
  'iso-ir-126': 'iso-ir-126',
  'iso-ir-127': 'iso-ir-127',
  'iso-ir-138': 'iso-ir-138',
  'iso-ir-144': 'iso-ir-144',
  'iso-ir-148': 'iso-ir-148',
  'iso-ir-166': 'tis-620',
  'iso-2022-ir-6': 'iso-8859-1',
  'iso-2022-ir-13': 'shift-jis',
  'iso-2022-ir-87': 'iso-2022-jp',
  'iso-2022-ir-100': 'latin1',
  'iso-2022-ir-101': 'iso-8859-2',
  'iso-2022-ir-109': 'iso-8859-3',
  'iso-2022-ir-110': 'iso-8859-4',
  'iso-2022-ir-126': 'iso-ir-126',
  'iso-2022-ir-127': 'iso-ir-127',
  'iso-2022-ir-138': 'iso-ir-138',
  'iso-2022-ir-144': 'iso-ir-144',
  'iso-2022-ir-148': 'iso-ir-148',
  'iso-2022-ir-149': 'euc-kr',
  'iso-2022-ir-159': 'iso-2022-jp',
  'iso-2022-ir-166': 'tis-620',
  'iso-2022-ir-58': 'iso-ir-58',
  'iso-ir-192': 'utf-8',
  gb18030: 'gb18030',
  'iso-2022-gbk': 'gbk',
  'iso-2022-58': 'gb2312',
  gbk: 'gbk',
};

const FIELD = '(0008,0005) Specific Character Set';
const codecs = new Map<string, TextCodec>();

/** The default repertoire when (0008,0005) is absent (dcmjs decodes it as latin1). */
export const DEFAULT_CODEC: TextCodec = textCodec('latin1');

/** The decoder for the values of (0008,0005); an InputError for one that cannot be decoded. */
export function characterSetCodec(values: readonly unknown[], file: string): TextCodec {
  if (values.length > 1) {
    throw new InputError(
      { file, field: FIELD },
      `several character sets (${values.join('\\')}): ISO 2022 code extensions are not supported`,
      'export the series with one character set (ISO_IR 192, UTF-8, or ISO_IR 100)',
    );
  }
  const term = String(values[0] ?? '');
  const label = ENCODINGS[term.replace(/[_ ]/g, '-').toLowerCase()];
  let codec = label === undefined ? undefined : codecs.get(label);
  if (label !== undefined && codec === undefined) {
    try {
      codec = textCodec(label);
    } catch {
      codec = undefined;
    }
    if (codec !== undefined) codecs.set(label, codec);
  }
  if (codec === undefined) {
    throw new InputError(
      { file, field: FIELD },
      `unsupported character set ${JSON.stringify(term)} (PS3.3 C.12.1.1.2)`,
      'export the series with a standard character set (ISO_IR 192, UTF-8, or ISO_IR 100)',
    );
  }
  return codec;
}
