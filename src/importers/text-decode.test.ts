import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { ImportFileError } from './types.ts';
import {
  decodeHead,
  decodeText,
  detectEncoding,
  isValidUtf8,
  looksBinary,
  textLines,
} from './text-decode.ts';

const TEXT = '申请号,专利名称\r\n202110123456.7,一种基于物联网的智能灌溉系统\r\n'.repeat(200);

async function decode(buf: Buffer, chunk = 13): Promise<string> {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  let s = '';
  for await (const t of decodeText(Readable.from(parts))) {
    const last = t.charCodeAt(t.length - 1);
    assert.ok(!(last >= 0xd800 && last <= 0xdbff), 'a chunk never ends inside a surrogate pair');
    s += t;
  }
  return s;
}

test('text-decode: UTF-8 ± BOM, UTF-16 LE/BE with BOM, GBK and GB18030, any chunking', async () => {
  const variants: Array<[string, Buffer]> = [
    ['utf-8', Buffer.from(TEXT, 'utf8')],
    ['utf-8 BOM', Buffer.from('\uFEFF' + TEXT, 'utf8')],
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT + '𠀀', 'utf16le')])],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, 'utf16be')])],
    ['gbk', iconv.encode(TEXT, 'gbk')],
    ['gb18030', iconv.encode(TEXT + '𠀀', 'gb18030')],
  ];
  for (const [name, buf] of variants) {
    const want = name === 'gb18030' || name === 'utf-16le' ? TEXT + '𠀀' : TEXT;
    for (const chunk of [1, 13, 4096, 1 << 20])
      assert.equal(await decode(buf, chunk), want, `${name} / ${chunk}`);
  }
  assert.equal(detectEncoding(iconv.encode(TEXT, 'gbk')), 'gb18030');
  assert.equal(detectEncoding(Buffer.from(TEXT)), 'utf-8');
  assert.equal(decodeHead(iconv.encode('申请号', 'gbk')), '申请号');
});

test('text-decode: ASCII prefix longer than the sniff window before the first GBK byte', async () => {
  const text = 'a'.repeat(100000) + '\n中文\n';
  assert.equal(await decode(iconv.encode(text, 'gbk'), 8192), text);
  assert.equal(await decode(Buffer.from(text), 8192), text);
});

test('text-decode: binary data and invalid UTF-8 after a valid start → ImportFileError', async () => {
  await assert.rejects(decode(Buffer.from([0x61, 0x62, 0x00, 0x63])), (e: unknown) => {
    assert.ok(e instanceof ImportFileError);
    assert.equal(e.message, 'binary data: NUL byte at byte 2; this is not a text file');
    return true;
  });
  const mixed = Buffer.concat([Buffer.from('中文'.repeat(3000)), iconv.encode('中文', 'gbk')]);
  await assert.rejects(decode(mixed, 65536), /invalid UTF-8 byte sequence/);
  assert.equal(looksBinary(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])), true);
  assert.equal(looksBinary(Buffer.from(TEXT)), false);
});

test('text-decode: isValidUtf8 and textLines', async () => {
  assert.equal(isValidUtf8(Buffer.from('中文')), true);
  assert.equal(isValidUtf8(Buffer.from('中文').subarray(0, 4)), true); // cut inside a character
  assert.equal(isValidUtf8(Buffer.from('中文').subarray(0, 4), false), false);
  assert.equal(isValidUtf8(Buffer.from([0xc0, 0x80])), false); // overlong
  assert.equal(isValidUtf8(Buffer.from([0xed, 0xa0, 0x80])), false); // surrogate
  const lines: Array<[number, string]> = [];
  async function* src(): AsyncGenerator<string> {
    yield 'a\r';
    yield '\nb\rc\n';
    yield '\nd';
  }
  for await (const l of textLines(src())) lines.push(l);
  assert.deepEqual(lines, [
    [1, 'a'],
    [2, 'b'],
    [3, 'c'],
    [4, ''],
    [5, 'd'],
  ]);
});
