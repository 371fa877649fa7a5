/**
 * DICOM unique identifiers for written objects: "2.25." followed by the decimal value of a random
 * (version 4) UUID, the UUID-derived root of PS3.5 B.2 and ITU-T X.667; at most 44 characters,
 * within the 64 allowed for UI (PS3.5 Table 6.2-1).
 */
import { randomUUID } from 'node:crypto';

/** A new globally unique DICOM UID "2.25.<decimal UUID>" (PS3.5 B.2). */
export function newUid(): string {
  return uidFromUuid(randomUUID());
}

/** The "2.25." UID of a given UUID string (PS3.5 B.2): its 128 bits as an unsigned decimal. */
export function uidFromUuid(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}
