import { crc32, deflateRawSync, constants } from 'node:zlib';

/**
 * A minimal zip writer for hand-made workbooks: each entry's data is raw-deflated, and an entry may be
 * given as pieces repeated many times, so a file that inflates to hundreds of megabytes is written from a
 * few hundred kilobytes without ever holding the inflated bytes (a zip bomb, as attackers build them).
 */

export interface RepeatedPiece {
  bytes: Buffer;
  times: number;
}

export interface ZipEntry {
  name: string;
  /** Plain content, or pieces (each repeated `times`) that make up the content. */
  data: string | Buffer | RepeatedPiece[];
  /** Size to write in the headers instead of the true one: a lying zip. */
  claimedSize?: number;
}

/** Raw deflate blocks of `bytes`, byte-aligned and not final, so blocks can be concatenated and repeated. */
function deflateBlocks(bytes: Buffer): Buffer {
  return deflateRawSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH, level: 9 });
}

/** An empty final block with fixed Huffman codes: ends a raw deflate stream. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

function compress(data: ZipEntry['data']): { compressed: Buffer; size: number; crc: number } {
  const pieces: RepeatedPiece[] =
    typeof data === 'string'
      ? [{ bytes: Buffer.from(data, 'utf8'), times: 1 }]
      : Buffer.isBuffer(data)
        ? [{ bytes: data, times: 1 }]
        : data;
  const parts: Buffer[] = [];
  let size = 0;
  let crc = 0;
  for (const piece of pieces) {
    if (piece.bytes.length === 0 || piece.times === 0) continue;
    // Compressed alone, a piece's back-references stay inside itself, so repeating its blocks is valid.
    const blocks = deflateBlocks(piece.bytes);
    for (let i = 0; i < piece.times; i++) {
      parts.push(blocks);
      crc = crc32(piece.bytes, crc);
    }
    size += piece.bytes.length * piece.times;
  }
  parts.push(FINAL_BLOCK);
  return { compressed: Buffer.concat(parts), size, crc };
}

/** The bytes of a zip archive holding `entries` (deflated, no zip64: entries stay under 4 GiB). */
export function zipFile(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const { compressed, size, crc } = compress(entry.data);
    const name = Buffer.from(entry.name, 'utf8');
    const claimed = entry.claimedSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(claimed, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(claimed, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
