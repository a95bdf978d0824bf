import { describe, expect, it } from 'vitest';
import { Refusal } from '../../tools/cli/errors.js';
import { featureSpec, parsePayload } from '../../tools/cli/spec.js';

describe('parsePayload', () => {
  it('reads the spec payload and the optional keys', () => {
    expect(parsePayload('{"feature":"smoke_test","description":"Ensure builder functional"}', 'p.json')).toEqual({
      name: 'smoke_test',
      description: 'Ensure builder functional',
      summary: undefined,
      tag: undefined,
    });
    expect(parsePayload('{"feature":"a","description":"b","summary":"c","tag":"d"}', 'p')).toMatchObject({
      summary: 'c',
      tag: 'd',
    });
  });

  it.each([
    ['{bad', /p is not JSON/],
    ['[]', /not a JSON object/],
    ['null', /not a JSON object/],
    ['{"description":"x"}', /lacks the key "feature"/],
    ['{"feature":"x"}', /lacks the key "description"/],
    ['{"feature":1,"description":"x"}', /non-string "feature"/],
    ['{"feature":"x","description":"y","extra":1}', /unknown key "extra"/],
  ])('refuses %s in one line showing the accepted shape', (text, why) => {
    expect(() => parsePayload(text, 'p')).toThrow(why);
    expect(() => parsePayload(text, 'p')).toThrow(/expected a JSON object \{"feature"/);
  });
});

describe('featureSpec', () => {
  it('fills summary and tag from the name', () => {
    expect(featureSpec({ name: 'vet_visits', description: ' Track veterinary visits ' })).toEqual({
      name: 'vet_visits',
      description: 'Track veterinary visits',
      summary: 'Get the Vet Visits status',
      tag: 'Vet Visits',
    });
  });

  it.each([
    [{ description: 'x' }, /No feature name/],
    [{ name: 'a' }, /No description/],
    [{ name: 'a', description: '   ' }, /description is empty/],
    [{ name: 'a', description: 'two\nlines' }, /line break/],
    [{ name: 'a', description: 'x'.repeat(301) }, /301 characters/],
    [{ name: 'a', description: 'x', tag: '' }, /tag is empty/],
    [{ name: 'Bad', description: 'x' }, /not lower snake_case/],
  ])('refuses %j', (input, why) => {
    expect(() => featureSpec(input)).toThrow(Refusal);
    expect(() => featureSpec(input)).toThrow(why);
  });
});
