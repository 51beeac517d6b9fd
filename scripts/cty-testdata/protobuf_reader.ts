/**
 * Minimal protobuf wire-format reader: enough to walk Terraform's plan file (`tfplan`) by field
 * number without its .proto. Varints are read as numbers (plan fields we need stay far below 2^53).
 *
 * @example Usage
 * ```ts
 * for (const f of readFields(bytes)) if (f.field === 4 && f.bytes) console.log(f.bytes.length);
 * ```
 * @module
 */

/** One decoded protobuf field: varint fields carry `varint`, length-delimited ones `bytes`. */
export interface ProtoField {
  /** Field number from the tag. */
  field: number;
  /** Wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32). */
  wire: number;
  /** Value of a varint field. */
  varint?: number;
  /** Payload of a length-delimited field. */
  bytes?: Uint8Array;
}

function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new Error("protobuf: truncated varint");
    const b = buf[pos++];
    result += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return [result, pos];
  }
  throw new Error("protobuf: varint longer than 10 bytes");
}

/**
 * Splits a protobuf message into its top-level fields, in wire order.
 *
 * @example Usage
 * ```ts
 * const fields = readFields(new Uint8Array([0x08, 0x01])); // [{ field: 1, wire: 0, varint: 1 }]
 * ```
 */
export function readFields(buf: Uint8Array): ProtoField[] {
  const out: ProtoField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) {
      const [v, p2] = readVarint(buf, pos);
      out.push({ field, wire, varint: v });
      pos = p2;
    } else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      if (p2 + len > buf.length) throw new Error("protobuf: truncated length-delimited field");
      out.push({ field, wire, bytes: buf.subarray(p2, p2 + len) });
      pos = p2 + len;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (pos + size > buf.length) throw new Error("protobuf: truncated fixed field");
      out.push({ field, wire, bytes: buf.subarray(pos, pos + size) });
      pos += size;
    } else {
      throw new Error(`protobuf: unsupported wire type ${wire} for field ${field}`);
    }
  }
  return out;
}
