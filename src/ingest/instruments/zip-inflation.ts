import { inflateRawSync } from 'node:zlib';
import { ImportRejected } from '../import-rejected.error';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
const STORED = 0;
const DEFLATED = 8;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const END_SEARCH = 22 + 0xffff;

interface Part {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localHeader: number;
}

/**
 * Refuses a zip (XLSX) that would inflate past `maxBytes` before SheetJS, which inflates every part
 * whole in memory, sees it. The sizes the central directory declares are summed first; then each part is
 * inflated with its declared size as a hard cap, so a directory that lies about sizes is caught too.
 * The inflated bytes are thrown away: this costs one extra inflate, bounded by `maxBytes`.
 */
export function checkZipInflation(bytes: Uint8Array, maxBytes: number): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts = readDirectory(buf);
  const declared = parts.reduce((sum, p) => sum + p.declaredSize, 0);
  if (declared > maxBytes) throw tooLarge(`its parts declare ${declared} bytes once inflated`, maxBytes);
  for (const part of parts) {
    const actual = inflatedSize(buf, part);
    if (actual > part.declaredSize) {
      throw tooLarge(`part ${part.name} inflates to more than the ${part.declaredSize} bytes its zip header declares`, maxBytes);
    }
  }
}

function readDirectory(buf: Buffer): Part[] {
  const end = findEndRecord(buf);
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const parts: Part[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== DIRECTORY_ENTRY) throw corrupt('its zip directory is damaged');
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const part: Part = {
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      declaredSize: buf.readUInt32LE(at + 24),
      localHeader: buf.readUInt32LE(at + 42),
    };
    applyZip64(part, buf.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    parts.push(part);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return parts;
}

function findEndRecord(buf: Buffer): number {
  for (let at = buf.length - 22; at >= Math.max(0, buf.length - END_SEARCH); at--) {
    if (buf.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  throw corrupt('it has no zip end-of-directory record');
}

/** Sizes of 0xFFFFFFFF live in the zip64 extra field, in this order, only when so marked. */
function applyZip64(part: Part, extra: Buffer): void {
  const wanted = ['declaredSize', 'compressedSize', 'localHeader'] as const;
  if (!wanted.some((k) => part[k] === 0xffffffff)) return;
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (id === ZIP64_EXTRA) {
      let field = at + 4;
      for (const key of wanted) {
        if (part[key] !== 0xffffffff) continue;
        if (field + 8 > at + 4 + size) break;
        part[key] = Number(extra.readBigUInt64LE(field));
        field += 8;
      }
      return;
    }
    at += 4 + size;
  }
}

function inflatedSize(buf: Buffer, part: Part): number {
  const at = part.localHeader;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOCAL_HEADER) throw corrupt(`part ${part.name} is missing`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + part.compressedSize);
  if (data.length < part.compressedSize) throw corrupt(`part ${part.name} is cut short`);
  if (part.method === STORED) return data.length;
  if (part.method !== DEFLATED) throw corrupt(`part ${part.name} uses zip compression method ${part.method}`);
  try {
    return inflateRawSync(data, { maxOutputLength: part.declaredSize + 1 }).length;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return part.declaredSize + 1;
    throw corrupt(`part ${part.name} does not inflate: ${(error as Error).message}`);
  }
}

function tooLarge(what: string, maxBytes: number): ImportRejected {
  return new ImportRejected(`the workbook inflates past the limit for one import (${maxBytes} bytes): ${what}`, {
    expected: `a workbook that inflates to at most ${maxBytes} bytes`,
    code: 'inflates_too_large',
  });
}

function corrupt(what: string): ImportRejected {
  return new ImportRejected(`the workbook cannot be read (${what}); it may be truncated or corrupt`, {
    expected: 'a complete XLS or XLSX workbook',
    code: 'corrupt_workbook',
  });
}
