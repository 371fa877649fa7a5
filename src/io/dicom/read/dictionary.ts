/**
 * Tag -> PS3.6 keyword and VR, from dcmjs's data dictionary (DicomMetaDictionary, which carries
 * PS3.6), cached per tag: the byte walker (parse-instance.ts) names elements exactly as dcmjs's
 * naturalizeDataset does, so every reader downstream sees the same keys.
 */
import { createRequire } from 'node:module';

interface DictionaryEntry {
  name: string;
  vr: string;
}

const dcmjs = createRequire(import.meta.url)('dcmjs') as {
  data: {
    DicomMetaDictionary: {
      dictionary: Record<string, DictionaryEntry | undefined>;
      punctuateTag(tag: string): string;
    };
  };
};
const dictionary = dcmjs.data.DicomMetaDictionary;

/** What the dictionary says of one tag; keyword null for a tag it does not know (private). */
export interface TagInfo {
  /** PS3.6 keyword, or null when unknown (private tags keep their hex key). */
  keyword: string | null;
  /** Dictionary VR: a PS3.5 VR, or dcmjs's "xs" (US or SS), "ox" (OB or OW), "lt", "up", "na". */
  vr: string | null;
  /** The 8-digit upper-case hex key of the tag ("0009100D"), as dcmjs names unknown tags. */
  hex: string;
}

const cache = new Map<number, TagInfo>();

/** Dictionary entry of a tag (group << 16 | element). */
export function tagInfo(tag: number): TagInfo {
  let info = cache.get(tag);
  if (info === undefined) {
    const hex = tag.toString(16).toUpperCase().padStart(8, '0');
    const entry = dictionary.dictionary[dictionary.punctuateTag(hex)];
    info = { keyword: entry?.name ?? null, vr: entry?.vr ?? null, hex };
    cache.set(tag, info);
  }
  return info;
}
