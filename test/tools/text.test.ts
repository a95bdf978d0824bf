/**
 * Text the builder takes: lone surrogates and invisible or bidirectional characters are refused wherever
 * they come from (flags, payload keys and values at any depth), in one line naming the character and its
 * position, with nothing written; accepted text is NFC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '../../tools/cli/errors.js';
import { run } from '../../tools/cli/main.js';
import { acceptJson, acceptText, quoted } from '../../tools/cli/text.js';
import { copyProject, removeProject } from '../../tools/project.js';
import { captureIo, hashTree } from '../helpers/project.js';

/** Both ends of every refused range (the list the lint rule shares). */
const REFUSED: [number, string][] = [
  [0x061c, 'bidirectional'],
  [0x200e, 'bidirectional'],
  [0x200f, 'bidirectional'],
  [0x202a, 'bidirectional'],
  [0x202e, 'bidirectional'],
  [0x2066, 'bidirectional'],
  [0x2069, 'bidirectional'],
  [0x200b, 'zero-width'],
  [0x200d, 'zero-width'],
  [0x2060, 'zero-width'],
  [0x2064, 'zero-width'],
  [0x180e, 'zero-width'],
  [0xfeff, 'byte order mark'],
  [0x0080, 'C1 control'],
  [0x0085, 'C1 control'],
  [0x009f, 'C1 control'],
  [0x00ad, 'soft hyphen'],
  [0x3164, 'Hangul filler'],
  [0xfff9, 'interlinear annotation'],
  [0xe0041, 'tag character'],
];

const hex = (codePoint: number): string => codePoint.toString(16).toUpperCase().padStart(4, '0');

describe('acceptText', () => {
  it.each(REFUSED)('refuses code point %i (%s), naming it and its position in characters', (codePoint, kind) => {
    const text = `😀 a${String.fromCodePoint(codePoint)}b`;
    expect(() => acceptText('The description', text)).toThrow(Refusal);
    expect(() => acceptText('The description', text)).toThrow(
      new RegExp(`^The description contains U\\+${hex(codePoint)} \\(an? [^)]*${kind}[^)]*\\) at character 4: `),
    );
  });

  it.each([
    ['a lone high surrogate', 'ab\ud800c', 'U+D800', 3],
    ['a lone low surrogate', '\udc00', 'U+DC00', 1],
    ['a high surrogate at the end', 'abc\ud83d', 'U+D83D', 4],
    ['two high surrogates', '\ud83d\ud83d\ude00', 'U+D83D', 1],
  ])('refuses %s as not valid Unicode', (_label, text, label, at) => {
    expect(() => acceptText('The tag', text)).toThrow(
      `The tag contains a lone UTF-16 surrogate ${label} at character ${at}: expected valid Unicode text.`,
    );
  });

  it('accepts visible text, emoji pairs and the ordinary spaces, returning NFC', () => {
    expect(acceptText('x', 'Cafe\u0301 😀 naïve tab-free ₂')).toBe('Caf\u00e9 😀 naïve tab-free ₂');
    expect(acceptText('x', 'plain')).toBe('plain');
  });

  it('quotes a text for a message with its invisible characters escaped', () => {
    expect(quoted('a\u202eb')).toBe('"a\\u{202e}b"');
  });
});

describe('acceptJson', () => {
  it('checks keys and values at any depth, naming where', () => {
    const nested = { resource: { fields: [{ name: 'ok' }, { name: 'x\u200by' }] } };
    expect(() => acceptJson('Payload p.json', nested)).toThrow(
      'Payload p.json at "resource.fields[1].name": the value contains U+200B',
    );
    expect(() => acceptJson('Payload p.json', { resource: { ['ev\u202eil']: 1 } })).toThrow(
      /^Payload p\.json at "resource": the key "ev\\u\{202e\}il" contains U\+202E \(a bidirectional control\) at character 3: /,
    );
    expect(acceptJson('p', { 'Cafe\u0301': ['e\u0301', 1, null] })).toEqual({ 'Caf\u00e9': ['\u00e9', 1, null] });
  });
});

describe('the builder refuses such text: exit 2, one line, nothing written', () => {
  let root: string;
  beforeAll(() => {
    root = copyProject();
  });
  afterAll(() => {
    removeProject(root);
  });

  it.each([
    [
      'a bidi override in --description',
      ['probe_text', '-d', 'ok\u202e;evil'],
      [],
      /The description contains U\+202E .* at character 3: /,
    ],
    [
      'a zero-width space in --summary',
      ['probe_text', '-d', 'ok', '-s', '\u200bx'],
      [],
      /The summary contains U\+200B .* at character 1: /,
    ],
    [
      'a C1 control in --tag',
      ['probe_text', '-d', 'ok', '-t', 'a\u0085'],
      [],
      /The tag contains U\+0085 \(a C1 control character\) at character 2: /,
    ],
    [
      'a BOM in the name',
      ['\ufeffprobe_text', '-d', 'ok'],
      [],
      /The feature name contains U\+FEFF .* at character 1: /,
    ],
    [
      'a lone surrogate in --description',
      ['probe_text', '-d', 'ok \udfff'],
      [],
      /The description contains a lone UTF-16 surrogate U\+DFFF at character 4: expected valid Unicode text\.$/m,
    ],
    [
      'a lone surrogate in a payload value',
      ['--payload', '-'],
      ['{"feature":"probe_text","description":"a\\ud800"}'],
      /Payload from stdin at "description": the value contains a lone UTF-16 surrogate U\+D800 at character 2: /,
    ],
    [
      'a bidi isolate in a payload key',
      ['--payload', '-'],
      ['{"feature":"probe_text","description":"a","\\u2066x":1}'],
      /Payload from stdin: the key "\\u\{2066\}x" contains U\+2066 /,
    ],
    [
      'a tag character in a nested payload value',
      ['--payload', '-'],
      ['{"feature":"probe_text","description":"a","resource":{"f":["\\udb40\\udc41"]}}'],
      /Payload from stdin at "resource\.f\[0\]": the value contains U\+E0041 \(a tag character\) at character 1: /,
    ],
  ])('refuses %s', async (_label, args, stdin, message) => {
    const before = hashTree(root);
    const io = captureIo(root, stdin[0]);
    expect(await run(['feature', 'new', ...args], io)).toBe(2);
    expect(io.err).toMatch(message);
    expect(io.err).toMatch(/^petsage: [^\n]+\n$/);
    expect(io.err).not.toMatch(/[\u202e\u200b\u0085\ufeff\u2066]/);
    expect(hashTree(root)).toEqual(before);
  });
});
