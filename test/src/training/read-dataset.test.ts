import { Readable } from 'node:stream';
import { DatasetError, firstInvalidUtf8, readDataset } from '../../../src/training/read-dataset';

const JIGSAW_HEADER = 'id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate';

function read(text: string | Buffer, name = 'data.csv', options = {}) {
  return readDataset(Readable.from([typeof text === 'string' ? Buffer.from(text) : text]), { name, ...options });
}

describe('readDataset with Jigsaw CSV', () => {
  it('reads ids, texts and the six labels in column order', async () => {
    const { dataset, report } = await read(
      `${JIGSAW_HEADER}\n0000997932d777bf,"Thanks, that helps",0,0,0,0,0,0\n000103f0d9cfb60f,"You are an idiot",1,0,0,0,1,0\n`,
    );
    expect(dataset.ids).toEqual(['0000997932d777bf', '000103f0d9cfb60f']);
    expect(dataset.texts).toEqual(['Thanks, that helps', 'You are an idiot']);
    expect(dataset.labels).toEqual(['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate']);
    expect(Array.from(dataset.targets[0])).toEqual([0, 1]);
    expect(Array.from(dataset.targets[4])).toEqual([0, 1]);
    expect(report).toEqual({
      format: 'jigsaw-csv',
      rowsRead: 2,
      rowsUsed: 2,
      skipped: {},
      problems: [],
      stoppedEarly: null,
      encoding: 'utf-8',
      replacementChars: 0,
      rowsWithReplacementChars: 0,
    });
  });

  it('accepts any subset of the label columns, such as only toxic', async () => {
    const { dataset } = await read('id,comment_text,toxic\na,hello there,0\nb,go away loser,1\n');
    expect(dataset.labels).toEqual(['toxic']);
    expect(Array.from(dataset.targets[0])).toEqual([0, 1]);
  });

  it('keeps quoted commas, doubled quotes and newlines inside a comment', async () => {
    const { dataset } = await read('id,comment_text,toxic\na,"He said ""no"",\nthen left",0\n');
    expect(dataset.texts).toEqual(['He said "no",\nthen left']);
  });

  it('strips a byte-order mark and accepts CRLF line ends', async () => {
    const { dataset } = await read('\uFEFFid,comment_text,toxic\r\na,hi there,0\r\nb,you fool,1\r\n');
    expect(dataset.ids).toEqual(['a', 'b']);
  });

  it('skips and counts malformed rows, with their line, and keeps the rest', async () => {
    const { dataset, report } = await read(
      [
        'id,comment_text,toxic',
        'a,fine,0',
        'b,too,many,fields,1',
        'c,,1',
        'd,label is wrong,yes',
        'e,not scored,-1',
        'f,good row,1',
      ].join('\n'),
    );
    expect(dataset.ids).toEqual(['a', 'f']);
    expect(report.rowsRead).toBe(6);
    expect(report.rowsUsed).toBe(2);
    expect(report.skipped).toEqual({ malformed_csv: 1, empty_text: 1, bad_label: 1, unlabelled: 1 });
    expect(report.problems).toEqual([
      expect.objectContaining({ line: 3, reason: 'malformed_csv' }),
      { line: 4, reason: 'empty_text', detail: 'text is empty' },
      { line: 5, reason: 'bad_label', detail: 'toxic must be 0 or 1, got "yes"' },
      { line: 6, reason: 'unlabelled', detail: 'toxic is -1 (not labelled)' },
    ]);
  });

  it('accepts a stray quote inside an unquoted field', async () => {
    const { dataset } = await read('id,comment_text,toxic\na,he is 6" tall,0\nb,ok,1\n');
    expect(dataset.texts).toEqual(['he is 6" tall', 'ok']);
  });

  it('keeps comments holding U+FFFD and counts the replacement characters', async () => {
    const { dataset, report } = await read('id,comment_text,toxic\na,caf\uFFFD noir \uFFFD,0\nb,ok,1\n');
    expect(dataset.ids).toEqual(['a', 'b']);
    expect(report.skipped).toEqual({});
    expect(report.replacementChars).toBe(2);
    expect(report.rowsWithReplacementChars).toBe(1);
  });

  /** A French file saved as Windows-1252 / Latin-1: é is the single byte 0xE9. */
  const latin1 = Buffer.concat([
    Buffer.from('id,comment_text,toxic\na,plain text,0\nb,caf'),
    Buffer.from([0xe9]),
    Buffer.from(' cr'),
    Buffer.from([0xe8]),
    Buffer.from('me,1\n'),
  ]);

  it('throws when a byte is not UTF-8, naming the line and the ways out, instead of dropping rows', async () => {
    const error = await read(latin1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toMatch(/data\.csv: line 3 is not UTF-8 \(bytes 0xE9 0x20 .*'é' in Windows-1252/);
    expect((error as Error).message).toMatch(/--encoding windows-1252/);
    expect((error as Error).message).toMatch(/iconv -f WINDOWS-1252 -t UTF-8/);
  });

  it('reads a Windows-1252 file when told its encoding, keeping every accented row', async () => {
    const { dataset, report } = await read(latin1, 'data.csv', { encoding: 'latin1' });
    expect(dataset.texts).toEqual(['plain text', 'café crème']);
    expect(report.encoding).toBe('windows-1252');
  });

  it('keeps rows with bytes that are not UTF-8 as U+FFFD when utf-8 is asked for explicitly, and counts them', async () => {
    const { dataset, report } = await read(latin1, 'data.csv', { encoding: 'utf-8' });
    expect(dataset.texts).toEqual(['plain text', 'caf\uFFFD cr\uFFFDme']);
    expect(report.replacementChars).toBe(2);
  });

  it('reads UTF-16 with a byte-order mark', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('id,comment_text,toxic\na,été,1\n', 'utf16le'),
    ]);
    const { dataset, report } = await read(utf16);
    expect(dataset.texts).toEqual(['été']);
    expect(report.encoding).toBe('utf-16le');
  });

  it('throws when the file is not text: compressed, or binary with NUL bytes', async () => {
    await expect(read(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]))).rejects.toThrow(/not a text file \(gzip data/);
    const binary = Buffer.concat([
      Buffer.from('id,comment_text,toxic\na,'),
      Buffer.from([0, 1, 2, 0]),
      Buffer.from(',1\n'),
    ]);
    await expect(read(binary)).rejects.toThrow(/not a text file \(a NUL byte near byte 24\)/);
  });

  it('throws on an encoding name it does not know', async () => {
    await expect(read('id,comment_text,toxic\na,b,1\n', 'd.csv', { encoding: 'klingon' })).rejects.toThrow(
      /unknown encoding 'klingon'/,
    );
  });

  it('decodes a character split across two chunks', async () => {
    const bytes = Buffer.from('id,comment_text,toxic\na,café crème 😀,0\n');
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    const { dataset, report } = await readDataset(Readable.from(chunks), { name: 'x.csv' });
    expect(dataset.texts).toEqual(['café crème 😀']);
    expect(report.skipped).toEqual({});
  });

  it('skips a comment longer than the limit', async () => {
    const { dataset, report } = await read(`id,comment_text,toxic\na,${'x'.repeat(50)},0\nb,short,1\n`, 'd.csv', {
      maxTextLength: 20,
    });
    expect(dataset.ids).toEqual(['b']);
    expect(report.problems).toEqual([{ line: 2, reason: 'text_too_long', detail: 'text has 50 characters (max 20)' }]);
  });

  it('stops at a runaway record and says where, keeping the rows before it', async () => {
    const { dataset, report } = await read(
      `id,comment_text,toxic\na,ok,0\nb,"never closed,1\n${'c,more,0\n'.repeat(50)}`,
      'd.csv',
      {
        maxRecordBytes: 100,
      },
    );
    expect(dataset.ids).toEqual(['a']);
    expect(report.stoppedEarly).toMatch(/^line \d+: a record is larger than 100 bytes \(an unterminated quote\?\)/);
  });

  it('reports progress in bytes', async () => {
    const seen: number[] = [];
    const text = 'id,comment_text,toxic\na,ok,0\n';
    await read(text, 'd.csv', { onProgress: (b: number) => seen.push(b) });
    expect(seen.at(-1)).toBe(Buffer.byteLength(text));
  });

  it('throws when the file is empty', async () => {
    await expect(read('')).rejects.toThrow(
      new DatasetError('data.csv: no data rows (is the file empty or only a header?)'),
    );
    await expect(read('id,comment_text,toxic\n')).rejects.toThrow(DatasetError);
  });

  it('throws when there is no label column, naming the columns found', async () => {
    await expect(read('id,comment_text,score\na,hi,1\n')).rejects.toThrow(
      'Jigsaw CSV has no label column (expected some of toxic, severe_toxic, obscene, threat, insult, identity_hate); found id, comment_text, score',
    );
  });

  it('throws when neither comment_text nor text is a column', async () => {
    await expect(read('id,body,toxic\na,hi,1\n')).rejects.toThrow(
      /cannot tell the CSV layout: .* found id, body, toxic/,
    );
  });
});

describe('readDataset with Hugging Face exports', () => {
  it('reads a CSV with text and label', async () => {
    const { dataset, report } = await read('text,label\nhello,0\nshut up,1\n');
    expect(report.format).toBe('hf-csv');
    expect(dataset.labels).toEqual(['toxic']);
    expect(Array.from(dataset.targets[0])).toEqual([0, 1]);
    expect(dataset.ids).toEqual(['1', '2']);
  });

  it('thresholds a float toxicity column', async () => {
    const { dataset, report } = await read('text,toxicity\na,0.1\nb,0.7\nc,0.5\nd,abc\ne,1.5\n', 'x.csv', {
      threshold: 0.6,
    });
    expect(Array.from(dataset.targets[0])).toEqual([0, 1, 0]);
    expect(report.skipped).toEqual({ bad_label: 2 });
  });

  it('reads JSONL and counts malformed lines', async () => {
    const { dataset, report } = await read(
      '{"text":"nice","label":0}\n\n{"text":"idiot","label":1}\nnot json\n[1]\n{"text":"x","label":"maybe"}\n{"label":1}\n',
      'train.jsonl',
    );
    expect(report.format).toBe('hf-jsonl');
    expect(dataset.texts).toEqual(['nice', 'idiot']);
    expect(report.rowsRead).toBe(6);
    expect(report.skipped).toEqual({ malformed_json: 2, bad_label: 1, missing_text: 1 });
    expect(report.problems[0]).toMatchObject({ line: 4, reason: 'malformed_json' });
  });

  it('thresholds toxicity in JSONL', async () => {
    const { dataset } = await read('{"text":"a","toxicity":0.9}\n{"text":"b","toxicity":0.2}\n', 'civil.jsonl');
    expect(Array.from(dataset.targets[0])).toEqual([1, 0]);
  });

  it('throws when a JSONL row has no label or toxicity field', async () => {
    await expect(read('{"text":"a","score":1}\n', 'x.jsonl')).rejects.toThrow(
      'x.jsonl: line 1 has neither "label" (0/1) nor "toxicity" (0..1)',
    );
  });
});

describe('firstInvalidUtf8', () => {
  it('accepts well-formed UTF-8 and finds stray, overlong, surrogate and truncated sequences', () => {
    expect(firstInvalidUtf8(Buffer.from('aé😀'))).toBe(7);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xe9, 0x61]))).toBe(1);
    expect(firstInvalidUtf8(Uint8Array.from([0xc0, 0xaf]))).toBe(0); // overlong '/'
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // U+D800
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xe2, 0x82]))).toBe(1);
  });
});
