/**
 * Streaming text decoding shared by the text importers (XML, CSV, JSON Lines).
 *
 * Accepted encodings: UTF-8 with or without BOM, UTF-16 LE/BE with BOM, and GBK/GB18030
 * (chosen when the first non-ASCII bytes of the file are not valid UTF-8). The decision is taken
 * on the first non-ASCII bytes seen, so a mostly-ASCII file is streamed without buffering.
 * A NUL byte in a non-UTF-16 file means binary data and ends the import with an ImportFileError.
 */
import iconv from 'iconv-lite';
import { ImportFileError } from './types.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** bytes looked at, after the first non-ASCII byte, to choose between UTF-8 and GB18030 */
const SNIFF_BYTES = 4096;

/** Index of the first byte >= 0x80, or -1. */
function firstNonAscii(buf: Buffer, from = 0): number {
  for (let i = from; i < buf.length; i++) if (buf[i]! >= 0x80) return i;
  return -1;
}

/**
 * true when `buf` is valid UTF-8, ignoring an incomplete multi-byte sequence at the very end
 * when `partialEndOk` (the sample was cut there).
 */
export function isValidUtf8(buf: Buffer, partialEndOk = true): boolean {
  let i = 0;
  const n = buf.length;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return false;
    if (i + need >= n) {
      // the sequence runs past the end of the sample
      if (!partialEndOk) return false;
      for (let k = i + 1; k < n; k++) if ((buf[k]! & 0xc0) !== 0x80) return false;
      return true;
    }
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k]!;
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

/** The encoding of a file from its first bytes (BOM, else UTF-8 validity of the head). */
export function detectEncoding(head: Buffer): TextEncoding {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  const p = firstNonAscii(head);
  if (p < 0) return 'utf-8';
  return isValidUtf8(head.subarray(p, p + SNIFF_BYTES)) ? 'utf-8' : 'gb18030';
}

/** Decode the head of a file (for format detection); never throws. */
export function decodeHead(head: Buffer): string {
  const enc = detectEncoding(head);
  if (enc === 'utf-8') {
    const s = new TextDecoder('utf-8', { fatal: false }).decode(head);
    return s;
  }
  return iconv.decode(head, enc, { stripBOM: true });
}

/** true when the head looks like binary data rather than text. */
export function looksBinary(head: Buffer): boolean {
  if (head.length === 0) return false;
  const enc = detectEncoding(head);
  if (enc === 'utf-16le' || enc === 'utf-16be') return false;
  let control = 0;
  for (const b of head.subarray(0, 8192)) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return control > 8;
}

interface Decoder {
  write(buf: Buffer): string;
  end(): string;
}

/**
 * Length of the prefix of `buf` that ends on a GB18030 character boundary (`buf` starts on one):
 * 1 byte < 0x80, 4 bytes when the second byte is 0x30–0x39, else 2 bytes.
 */
export function gb18030Boundary(buf: Buffer): number {
  const n = buf.length;
  let i = 0;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x81 || b === 0xff) {
      i++;
      continue;
    }
    if (i + 1 >= n) return i;
    const b2 = buf[i + 1]!;
    if (b2 >= 0x30 && b2 <= 0x39) {
      if (i + 3 >= n) return i;
      i += 4;
    } else i += 2;
  }
  return n;
}

function makeDecoder(enc: TextEncoding): Decoder {
  if (enc === 'utf-8') {
    const td = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    return {
      write: (b) => td.decode(b, { stream: true }),
      end: () => td.decode(),
    };
  }
  if (enc === 'gb18030') {
    // iconv-lite's streaming GB18030 decoder loses a 4-byte sequence split after its 3rd byte,
    // so chunks are cut on character boundaries here and decoded statelessly
    let carry: Buffer = Buffer.alloc(0);
    let first = true;
    const decode = (b: Buffer): string => {
      let s = iconv.decode(b, 'gb18030', { stripBOM: false });
      if (first && s.length) {
        if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
        first = false;
      }
      return s;
    };
    return {
      write: (b) => {
        const buf = carry.length ? Buffer.concat([carry, b]) : b;
        const k = gb18030Boundary(buf);
        carry = Buffer.from(buf.subarray(k));
        return k ? decode(buf.subarray(0, k)) : '';
      },
      end: () => (carry.length ? decode(carry) : ''),
    };
  }
  const d = iconv.getDecoder(enc, { stripBOM: true });
  return {
    write: (b) => d.write(b),
    end: () => d.end() ?? '',
  };
}

/**
 * Decode a byte stream into text chunks. Throws ImportFileError on binary data (NUL bytes)
 * or on bytes that are not valid in the detected encoding (UTF-8 only; GB18030 decodes anything).
 */
export async function* decodeText(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let enc: TextEncoding | undefined;
  let decoder: Decoder | undefined;
  let pending: Buffer = Buffer.alloc(0);
  let offset = 0; // byte offset of `pending` in the file
  let asciiChecked = 0; // bytes of `pending` known to be plain ASCII (undecided phase)
  let highSurrogate = ''; // a chunk never ends inside a surrogate pair
  const whole = (s: string): string => {
    if (highSurrogate) {
      s = highSurrogate + s;
      highSurrogate = '';
    }
    const last = s.charCodeAt(s.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      highSurrogate = s.slice(-1);
      s = s.slice(0, -1);
    }
    return s;
  };

  const checkNul = (buf: Buffer, at: number): void => {
    if (enc === 'utf-16le' || enc === 'utf-16be') return;
    const z = buf.indexOf(0);
    if (z >= 0) {
      throw new ImportFileError(
        `binary data: NUL byte at byte ${at + z}; this is not a text file`,
        `byte ${at + z}`,
      );
    }
  };

  const decodeChunk = (buf: Buffer, at: number): string => {
    checkNul(buf, at);
    try {
      return decoder!.write(buf);
    } catch {
      throw new ImportFileError(
        `invalid UTF-8 byte sequence between bytes ${at} and ${at + buf.length}; save the file as UTF-8 or GB18030`,
        `byte ${at}`,
      );
    }
  };

  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    if (decoder) {
      const s = whole(decodeChunk(chunk, offset));
      offset += chunk.length;
      if (s) yield s;
      continue;
    }
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    if (!enc) {
      if (pending.length < 3 && (pending[0] === 0xff || pending[0] === 0xfe || pending[0] === 0xef)) continue;
      if (pending[0] === 0xff && pending[1] === 0xfe) enc = 'utf-16le';
      else if (pending[0] === 0xfe && pending[1] === 0xff) enc = 'utf-16be';
      else if (pending[0] === 0xef && pending[1] === 0xbb && pending[2] === 0xbf) enc = 'utf-8';
      else {
        // undecided: pass ASCII through until the first non-ASCII byte, then sniff
        const p = firstNonAscii(pending, asciiChecked);
        if (p < 0) {
          checkNul(pending, offset);
          const s = pending.toString('latin1');
          offset += pending.length;
          pending = Buffer.alloc(0);
          asciiChecked = 0;
          if (s) yield s;
          continue;
        }
        if (pending.length - p < SNIFF_BYTES) {
          asciiChecked = p;
          continue; // wait for more bytes to decide
        }
        enc = isValidUtf8(pending.subarray(p, p + SNIFF_BYTES)) ? 'utf-8' : 'gb18030';
      }
    }
    decoder = makeDecoder(enc);
    const s = whole(decodeChunk(pending, offset));
    offset += pending.length;
    pending = Buffer.alloc(0);
    if (s) yield s;
  }
  if (!decoder) {
    if (pending.length === 0) return;
    if (!enc) {
      const p = firstNonAscii(pending, asciiChecked);
      enc = p < 0 ? 'utf-8' : isValidUtf8(pending.subarray(p), false) ? 'utf-8' : 'gb18030';
    }
    decoder = makeDecoder(enc);
    const s = whole(decodeChunk(pending, offset));
    offset += pending.length;
    if (s) yield s;
  }
  let tail: string;
  try {
    tail = decoder.end();
  } catch {
    throw new ImportFileError(`truncated UTF-8 character at end of file (byte ${offset})`, `byte ${offset}`);
  }
  tail = highSurrogate + tail;
  if (tail) yield tail;
}

/**
 * Normalise line endings of a decoded text stream: CRLF and lone CR become LF
 * (a CR at the end of a chunk is held back until the next chunk shows whether LF follows).
 */
export async function* normaliseNewlines(input: AsyncIterable<string>): AsyncGenerator<string> {
  let carryCr = false;
  for await (let s of input) {
    if (carryCr) {
      s = '\r' + s;
      carryCr = false;
    }
    if (s.endsWith('\r')) {
      carryCr = true;
      s = s.slice(0, -1);
    }
    if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
    if (s) yield s;
  }
  if (carryCr) yield '\n';
}

/**
 * Split a decoded text stream into lines (LF/CRLF/CR). Yields [lineNumber, text] with 1-based
 * line numbers; the BOM is already removed by decodeText.
 */
export async function* textLines(input: AsyncIterable<string>): AsyncGenerator<[number, string]> {
  let buf = '';
  let line = 0;
  for await (const s of normaliseNewlines(input)) {
    buf += s;
    let nl = buf.indexOf('\n');
    let start = 0;
    while (nl >= 0) {
      yield [++line, buf.slice(start, nl)];
      start = nl + 1;
      nl = buf.indexOf('\n', start);
    }
    buf = buf.slice(start);
  }
  if (buf.length) yield [++line, buf];
}
