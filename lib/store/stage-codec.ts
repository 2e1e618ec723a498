/**
 * Compact storage of per-epoch arrays: one byte per epoch holding `value + 1`,
 * so -1 (unknown) is 0 and codes up to 254 fit. Used for sleep and snoring
 * stages in the database; 1,680 epochs (14 hours) take 1,680 bytes.
 */

/** Encodes stage codes (-1..254) as bytes. Throws RangeError on a value out of range. */
export function encodeStages(values: readonly number[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < -1 || v > 254) {
      throw new RangeError(`stage value ${v} at epoch ${i} is outside -1..254`);
    }
    out[i] = v + 1;
  }
  return out;
}

/** Decodes bytes written by {@link encodeStages} back into stage codes. */
export function decodeStages(bytes: Uint8Array): number[] {
  const out = new Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! - 1;
  return out;
}

/** Encodes per-epoch owner sequence numbers (-1..32767) as little-endian int16. */
export function encodeOwners(values: Int16Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setInt16(i * 2, values[i]!, true);
  return out;
}

/** Decodes bytes written by {@link encodeOwners}. */
export function decodeOwners(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length >> 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}
