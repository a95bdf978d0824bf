/**
 * The `--field` flag's language, made to be typed in a shell without quoting (no parentheses, pipes, `?`
 * or `!`, which shells treat specially):
 *
 *   <name>:<type>[:<argument>][:optional][:unique][:default=<value>]
 *
 *   name:string:80            a string of at most 80 characters, on one line
 *   notes:text:2000           text of at most 2000 characters (10000 when not given)
 *   species:enum:dog,cat      one of the listed values
 *   weight_kg:number:0..200   bounds are inclusive; either side may be left out (0.., ..200)
 *   birth_date:date:optional  may be omitted or null
 *   email:string:254:unique   no two records share it
 *   visits:integer:0..:default=0
 *   pet_id:ref:pets           the id of a record of the pets resource (a foreign key)
 *   pet_id:ref:pets:cascade   ... deleted with that record (without it, that record cannot be deleted)
 *
 * `default=` comes last and takes the rest of the text, colons included. The result is the same FieldInput
 * a payload gives, validated by the same code (fields.ts).
 */
import { fieldRefusal, FIELD_TYPES, type FieldInput, type FieldType } from './fields.js';

export const FIELD_SYNTAX = '<name>:<type>[:<argument>][:optional][:unique][:cascade][:default=<value>]';

const NUMBER = '-?(?:\\d+(?:\\.\\d+)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
const BOUNDS = new RegExp(`^(${NUMBER})?\\.\\.(${NUMBER})?$`);

/** Reads the text after `<type>:` for the types that take an argument. */
function typeArgument(name: string, type: FieldType, text: string): FieldInput {
  if (type === 'string' || type === 'text') {
    if (!/^\d+$/.test(text)) throw fieldRefusal(name, `${type} length ${JSON.stringify(text)} is not a whole number`);
    return { maxLength: Number(text) };
  }
  if (type === 'integer' || type === 'number') {
    const match = BOUNDS.exec(text);
    if (!match)
      throw fieldRefusal(name, `bounds ${JSON.stringify(text)} are not <min>..<max> (either may be left out)`);
    return {
      ...(match[1] === undefined ? {} : { minimum: Number(match[1]) }),
      ...(match[2] === undefined ? {} : { maximum: Number(match[2]) }),
    };
  }
  if (type === 'ref') return { references: text };
  return { values: text === '' ? [] : text.split(',') };
}

const TAKES_ARGUMENT: readonly FieldType[] = ['string', 'text', 'integer', 'number', 'enum', 'ref'];

/** A default typed as text, read as the field's type (a mismatch is refused later, naming the field). */
function typedDefault(type: FieldType, text: string): string | number | boolean {
  if ((type === 'integer' || type === 'number') && new RegExp(`^${NUMBER}$`).test(text)) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** Parses one `--field` value into the field's name and its input. */
export function parseFieldFlag(flag: string): [string, FieldInput] {
  const parts = flag.split(':');
  const name = parts[0] ?? '';
  const typeText = parts[1];
  if (typeText === undefined || name === '') {
    throw fieldRefusal(flag, `expected ${FIELD_SYNTAX} (e.g. name:string:80)`);
  }
  if (!(FIELD_TYPES as readonly string[]).includes(typeText)) {
    throw fieldRefusal(name, `unknown type ${JSON.stringify(typeText)}: expected one of ${FIELD_TYPES.join(', ')}`);
  }
  const type = typeText as FieldType;
  const input: FieldInput = { type };
  let index = 2;
  if (TAKES_ARGUMENT.includes(type)) {
    const argument = parts[2];
    if (argument !== undefined && !/^(?:optional|unique|cascade)$|^default=/.test(argument)) {
      Object.assign(input, typeArgument(name, type, argument));
      index = 3;
    }
  }
  for (; index < parts.length; index++) {
    const part = parts[index] ?? '';
    if (part.startsWith('default=')) {
      input.default = typedDefault(type, parts.slice(index).join(':').slice('default='.length));
      break;
    }
    if (part === 'cascade') {
      if (input.onDelete !== undefined) throw fieldRefusal(name, '"cascade" is given twice');
      input.onDelete = 'cascade';
      continue;
    }
    if (part !== 'optional' && part !== 'unique') {
      throw fieldRefusal(name, `unknown flag ${JSON.stringify(part)}: expected ${FIELD_SYNTAX}`);
    }
    if (input[part] !== undefined) throw fieldRefusal(name, `"${part}" is given twice`);
    input[part] = true;
  }
  return [name, input];
}
