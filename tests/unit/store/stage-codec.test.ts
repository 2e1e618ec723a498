import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { decodeOwners, decodeStages, encodeOwners, encodeStages } from "@/lib/store/stage-codec";

describe("encodeStages / decodeStages", () => {
  it("stores each stage as value + 1, so unknown (-1) is byte 0", () => {
    expect(Array.from(encodeStages([-1, 0, 1, 2, 3]))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(encodeStages([254]))).toEqual([255]);
    expect(encodeStages([])).toHaveLength(0);
  });

  it("round-trips the whole range -1..254", () => {
    const all = Array.from({ length: 256 }, (_, i) => i - 1);
    expect(decodeStages(encodeStages(all))).toEqual(all);
  });

  it("round-trips any stage array (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 2000 }), (stages) => {
        expect(decodeStages(encodeStages(stages))).toEqual(stages);
      }),
    );
  });

  it("decodes bytes it did not allocate itself (a view into a larger buffer)", () => {
    const buffer = new Uint8Array([9, 9, 0, 1, 4, 9]);
    expect(decodeStages(buffer.subarray(2, 5))).toEqual([-1, 0, 3]);
  });

  it("throws RangeError naming the value and epoch when a value is out of range", () => {
    expect(() => encodeStages([0, 1, -2])).toThrow(RangeError);
    expect(() => encodeStages([0, 1, -2])).toThrow("stage value -2 at epoch 2 is outside -1..254");
    expect(() => encodeStages([255])).toThrow(RangeError);
    expect(() => encodeStages([1.5])).toThrow(RangeError);
    expect(() => encodeStages([Number.NaN])).toThrow(RangeError);
  });
});

describe("encodeOwners / decodeOwners", () => {
  it("stores owners as little-endian int16", () => {
    // -1 = 0xFFFF -> FF FF; 3 -> 03 00; 258 = 0x0102 -> 02 01
    expect(Array.from(encodeOwners(Int16Array.from([-1, 3, 258])))).toEqual([0xff, 0xff, 3, 0, 2, 1]);
  });

  it("round-trips -1..32767, including the extremes", () => {
    const owners = Int16Array.from([-1, 0, 1, 12, 255, 256, 32000, 32767]);
    expect(Array.from(decodeOwners(encodeOwners(owners)))).toEqual([-1, 0, 1, 12, 255, 256, 32000, 32767]);
  });

  it("decodes from a view with a byte offset (as a database driver may return)", () => {
    // an odd offset: 1 padding byte, then 7 = 07 00 and -1 = FF FF
    const buffer = new Uint8Array([0xaa, 7, 0, 0xff, 0xff]);
    expect(Array.from(decodeOwners(buffer.subarray(1)))).toEqual([7, -1]);
  });
});
