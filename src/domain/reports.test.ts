import { describe, expect, it } from 'vitest';
import { displayIndicatorValue, entryCompleteness, formatIndicatorValue, owedInPeriod, parseIndicatorValue, parseLinks, submitProblems } from './reports.ts';
import { attachmentDisposition, detectAttachmentType, safeFileName } from './file-types.ts';

describe('what a period owes', () => {
  it('owes a permanent measure every period and a dated one until its deadline has passed', () => {
    expect(owedInPeriod({ permanent: true, to: null }, '2030-01-01')).toBe(true);
    expect(owedInPeriod({ permanent: false, to: '2024-12-31' }, '2024-07-01')).toBe(true);
    // The deadline's last day falls in the period: still owed.
    expect(owedInPeriod({ permanent: false, to: '2025-01-01' }, '2025-01-01')).toBe(true);
    expect(owedInPeriod({ permanent: false, to: '2024-12-31' }, '2025-01-01')).toBe(false);
  });
});

describe('indicator values', () => {
  it('reads whole numbers for counts and hryvnias with kopecks for money', () => {
    expect(parseIndicatorValue('count', ' 12 ')).toEqual({ value: 12 });
    expect(parseIndicatorValue('count', '1 200')).toEqual({ value: 1200 });
    expect(parseIndicatorValue('count', '')).toEqual({ value: null });
    expect(parseIndicatorValue('money', '1 234,5')).toEqual({ value: 123450 });
    expect(parseIndicatorValue('money', '6700.00')).toEqual({ value: 670000 });
    expect(parseIndicatorValue('money', '0,07')).toEqual({ value: 7 });
    expect(parseIndicatorValue('boolean', 'так')).toEqual({ value: 1 });
  });

  it('refuses negatives, text, fractions of a count, fractions of a kopeck and huge numbers', () => {
    expect(parseIndicatorValue('count', '-3')).toEqual({ problem: 'negative' });
    expect(parseIndicatorValue('money', '−5,00')).toEqual({ problem: 'negative' });
    expect(parseIndicatorValue('count', 'п’ять')).toEqual({ problem: 'notNumber' });
    expect(parseIndicatorValue('count', '1e3')).toEqual({ problem: 'notNumber' });
    expect(parseIndicatorValue('count', '2,5')).toEqual({ problem: 'notWhole' });
    expect(parseIndicatorValue('money', '10,005')).toEqual({ problem: 'kopecks' });
    expect(parseIndicatorValue('count', '99999999999')).toEqual({ problem: 'tooLarge' });
    expect(parseIndicatorValue('money', '9'.repeat(30))).toEqual({ problem: 'tooLarge' });
    expect(parseIndicatorValue('boolean', 'може')).toEqual({ problem: 'notYesNo' });
  });

  it('writes back what it read', () => {
    for (const [kind, text] of [['money', '1234,50'], ['count', '17'], ['boolean', 'ні']] as const) {
      const parsed = parseIndicatorValue(kind, text) as { value: number };
      expect(formatIndicatorValue(kind, parsed.value)).toBe(text);
    }
    expect(displayIndicatorValue('money', 123456789)).toBe('1\u202f234\u202f567,89');
    expect(displayIndicatorValue('count', null)).toBe('—');
  });
});

describe('links and submission', () => {
  it('takes http(s) links one per line and refuses script addresses', () => {
    expect(parseLinks('https://poltava.gov.ua/news/1\n\n http://example.org/a \nhttps://poltava.gov.ua/news/1')).toEqual({ links: ['https://poltava.gov.ua/news/1', 'http://example.org/a'] });
    expect(parseLinks('javascript:alert(1)')).toEqual({ problem: 'notLink', line: 1 });
    expect(parseLinks('https://a.example\nне посилання')).toEqual({ problem: 'notLink', line: 2 });
    expect(parseLinks(Array.from({ length: 21 }, (_, i) => `https://a.example/${i}`).join('\n'))).toEqual({ problem: 'tooMany' });
  });

  it('needs a state for every owed measure and a reason where the state asks for one', () => {
    const owed = [{ measureId: 1, code: '1.1' }, { measureId: 2, code: '1.2' }, { measureId: 3, code: '1.3' }, { measureId: 4, code: '1.4' }];
    const entries = new Map([
      [1, { state: 'done' as const, reason: null }],
      [2, { state: 'not_done' as const, reason: '  ' }],
      [3, { state: null, reason: null }],
      [4, { state: 'not_held' as const, reason: 'Карантин' }],
    ]);
    expect(submitProblems(owed, entries)).toEqual([
      { measureId: 2, code: '1.2', field: 'reason' },
      { measureId: 3, code: '1.3', field: 'state' },
    ]);
    // The form's list of measures says the same of each entry.
    expect([1, 2, 3, 4, 5].map((id) => entryCompleteness(entries.get(id)))).toEqual(['filled', 'noReason', 'noState', 'filled', 'noState']);
  });
});

describe('attachment types by content', () => {
  const zip = (names: string[]) => {
    // A minimal stored ZIP: local headers are not read, only the central directory.
    const parts: Buffer[] = [];
    const central: Buffer[] = [];
    for (const name of names) {
      const n = Buffer.from(name);
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(n.length, 28);
      central.push(Buffer.concat([c, n]));
    }
    const local = Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Array(26).fill(0)]);
    parts.push(local);
    const cd = Buffer.concat(central);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(names.length, 10);
    eocd.writeUInt32LE(cd.length, 12);
    eocd.writeUInt32LE(local.length, 16);
    return Buffer.concat([local, cd, eocd]);
  };

  it('knows PDF, PNG, JPEG, DOCX and XLSX by their bytes', () => {
    expect(detectAttachmentType(Buffer.from('%PDF-1.7\n…'))).toBe('pdf');
    expect(detectAttachmentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0]))).toBe('png');
    expect(detectAttachmentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toBe('jpeg');
    expect(detectAttachmentType(zip(['[Content_Types].xml', 'word/document.xml']))).toBe('docx');
    expect(detectAttachmentType(zip(['[Content_Types].xml', 'xl/workbook.xml']))).toBe('xlsx');
  });

  it('refuses a renamed program, an SVG with a script, a macro document and an arbitrary ZIP', () => {
    expect(detectAttachmentType(Buffer.from('MZ\x90\x00\x03\x00\x00\x00PE'))).toBeNull();
    expect(detectAttachmentType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(detectAttachmentType(zip(['[Content_Types].xml', 'word/document.xml', 'word/vbaProject.bin']))).toBeNull();
    expect(detectAttachmentType(zip(['readme.txt']))).toBeNull();
    expect(detectAttachmentType(Buffer.alloc(0))).toBeNull();
  });

  it('names a stored file by what it is and downloads it under that name', () => {
    expect(safeFileName('C:\\Users\\x\\Звіт "поліції".exe', 'pdf')).toBe('Звіт поліції.pdf');
    expect(safeFileName('..', 'png')).toBe('file.png');
    expect(attachmentDisposition('Лист № 5.pdf')).toBe(`attachment; filename="____ _ 5.pdf"; filename*=UTF-8''${encodeURIComponent('Лист № 5.pdf')}`);
  });
});
