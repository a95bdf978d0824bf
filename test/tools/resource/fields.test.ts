import { describe, expect, it } from 'vitest';
import { Refusal } from '../../../tools/cli/errors.js';
import { parseFieldFlag } from '../../../tools/cli/resource/field-syntax.js';
import { validateField, type FieldInput } from '../../../tools/cli/resource/fields.js';

const field = (flag: string) => {
  const [name, input] = parseFieldFlag(flag);
  return validateField(name, input);
};

describe('the --field syntax', () => {
  it.each([
    ['name:string:80', { name: 'name', type: 'string', maxLength: 80, optional: false, unique: false }],
    ['notes:text:optional', { type: 'text', optional: true }],
    ['visits:integer:0..100:default=0', { type: 'integer', minimum: 0, maximum: 100, default: 0 }],
    ['visits:integer', { minimum: -2_147_483_648, maximum: 2_147_483_647 }],
    ['weight:number:0.5..', { type: 'number', minimum: 0.5 }],
    ['weight:number:..-1e3', { maximum: -1000 }],
    ['neutered:boolean:default=true', { type: 'boolean', default: true }],
    ['born:date:optional', { type: 'date', optional: true }],
    ['seen_at:date-time:default=2026-01-31T12:00:00Z', { type: 'date-time', default: '2026-01-31T12:00:00Z' }],
    ['species:enum:dog,cat,optional', { type: 'enum', values: ['dog', 'cat', 'optional'] }],
    ['owner_id:uuid:unique', { type: 'uuid', unique: true }],
    ['email:string:254:unique:optional', { maxLength: 254, unique: true, optional: true }],
    ['motto:string:40:default=a: b:c', { default: 'a: b:c' }],
  ])('reads %s', (flag, expected) => {
    expect(field(flag)).toMatchObject(expected);
  });

  it.each([
    ['name', /Field "name": expected <name>:<type>/],
    [':string:80', /expected <name>:<type>/],
    ['name:strin:80', /Field "name": unknown type "strin": expected one of string, text, integer/],
    ['name:string', /Field "name": a string needs its maximum length \(e\.g\. name:string:80\)/],
    ['name:string:eighty', /string length "eighty" is not a whole number/],
    ['name:string:0', /maximum length 0 is not a whole number from 1/],
    ['count:integer:5..1', /Field "count": bounds contradict: minimum 5 is above maximum 1/],
    ['count:integer:1.5..2', /minimum 1.5 is not an integer/],
    ['count:integer:0..9999999999', /outside the integer column's range/],
    ['count:integer:a..b', /bounds "a\.\.b" are not <min>\.\.<max>/],
    ['count:integer:default=x', /default "x" is not a valid integer/],
    ['count:integer:0..10:default=11', /default 11 is not a valid integer from 0 to 10/],
    ['flag:boolean:default=yes', /default "yes" is not a valid boolean/],
    ['born:date:default=2021-02-30', /default "2021-02-30" is not a valid date/],
    ['kind:enum', /Field "kind": an enum needs at least one value/],
    ['kind:enum:', /an enum needs at least one value/],
    ['kind:enum:a,a', /enum value "a" is listed twice/],
    ['kind:enum:a b', /enum value "a b" is not/],
    ['kind:enum:dog:default=cat', /default "cat" is not a valid one of dog/],
    ['notes:text:optional:optional', /"optional" is given twice/],
    ['flag:boolean:required', /unknown flag "required"/],
    ['notes:text:optional:default=x', /optional and default contradict/],
    ['notes:text:unique', /a text cannot be unique/],
    ['flag:boolean:unique', /a boolean cannot be unique/],
    ['email:string:601:unique', /a unique string needs a maximum length of at most 600/],
    ['weight:number:80', /bounds "80" are not <min>\.\.<max>/],
    ['id:uuid', /Field "id": reserved: every resource has id, owner, created_at, updated_at, revision, limit, cursor/],
    ['created_at:date-time', /reserved/],
    ['limit:integer', /reserved/],
    ['select:text', /Field "select": a reserved word of SQL/],
    ['class:text', /Field "class": a reserved word of JavaScript/],
    ['Name:text', /Field "Name": not a safe SQL and JavaScript identifier/],
    ['first-name:text', /not a safe SQL and JavaScript identifier/],
    ['a__b:text', /not a safe SQL and JavaScript identifier/],
    ['drop_table;--:text', /not a safe SQL and JavaScript identifier/],
    [`${'a'.repeat(64)}:text`, /64 characters long/],
  ])('refuses %s in one line naming the field', (flag, message) => {
    expect(() => field(flag)).toThrow(Refusal);
    expect(() => field(flag)).toThrow(message);
    expect(() => field(flag)).toThrow(/^Field "[^"\n]+": [^\n]+\.$/);
  });
});

describe('a field from a payload', () => {
  it('takes the same keys, plus a description and an example', () => {
    expect(
      validateField('name', { type: 'string', maxLength: 80, description: "The pet's name.", example: 'Rex' }),
    ).toEqual({
      name: 'name',
      type: 'string',
      maxLength: 80,
      optional: false,
      unique: false,
      description: "The pet's name.",
      example: 'Rex',
    });
  });

  it.each<[FieldInput, RegExp]>([
    [{ type: 'string', maxLength: '80' }, /maximum length "80" is not a whole number/],
    [{ type: 'text', optional: 'yes' }, /"optional" must be true or false/],
    [{ type: 'boolean', maxLength: 3 }, /a boolean field takes no maxLength/],
    [{ type: 'enum', values: 'dog' }, /an enum needs at least one value/],
    [{ type: 'enum', values: [] }, /an enum needs at least one value/],
    [{ type: 'integer', minimum: 3, maximum: 1 }, /bounds contradict/],
    [{ type: 'integer', default: '1' }, /default "1" is not a valid integer/],
    [
      { type: 'string', maxLength: 3, example: 'long' },
      /example "long" is not a valid string \(one line\) of at most 3/,
    ],
    [{ type: 'text', description: 'two\nlines' }, /description must be a single line/],
    [{ type: 'text', size: 3 } as FieldInput, /unknown key "size"/],
    [{}, /unknown type undefined/],
  ])('refuses %j', (input, message) => {
    expect(() => validateField('x', input)).toThrow(message);
  });
});
