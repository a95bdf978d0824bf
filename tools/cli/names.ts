/** Feature names: what is accepted, and the spellings of one name the templates use. */
import { Refusal } from './errors.js';
import { acceptText } from './text.js';

export const MAX_NAME_LENGTH = 64;

const ACCEPTED =
  'expected lower snake_case: a lowercase letter, then lowercase letters, digits and single underscores, ' +
  `at most ${MAX_NAME_LENGTH} characters (e.g. vet_visits)`;

const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/** JavaScript reserved words (and strict-mode ones): a feature name is also an identifier in generated code. */
export const JS_RESERVED = `await break case catch class const continue debugger default delete do else enum eval export
extends false finally for function if implements import in instanceof interface let new null package private
protected public return static super switch this throw true try typeof undefined var void while with yield
arguments`.split(/\s+/);

/** Paths the app serves itself at the root (docs, OpenAPI, probes, metrics): a feature must not shadow them. */
const APP_ROUTES = ['docs', 'openapi', 'openapi.json', 'livez', 'readyz', 'healthz', 'metrics', 'static'];

export const RESERVED_NAMES: ReadonlySet<string> = new Set([...JS_RESERVED, ...APP_ROUTES]);

/** Returns the name if it is an acceptable feature name; otherwise throws a Refusal saying why. */
export function validateName(name: string): string {
  acceptText('The feature name', name);
  if (name === '') {
    throw new Refusal(`Feature name is empty: ${ACCEPTED}.`);
  }
  if (/[/\\]/.test(name) || name === '.' || name === '..') {
    throw new Refusal(`Feature name ${JSON.stringify(name)} is a path, not a name: ${ACCEPTED}.`);
  }
  if (RESERVED_NAMES.has(name)) {
    const why = APP_ROUTES.includes(name) ? 'a route the app serves itself' : 'a JavaScript reserved word';
    throw new Refusal(
      `Feature name ${JSON.stringify(name)} is reserved (${why}): choose another lower snake_case name.`,
    );
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new Refusal(`Feature name is ${name.length} characters long: ${ACCEPTED}.`);
  }
  if (!SNAKE_CASE.test(name)) {
    throw new Refusal(`Feature name ${JSON.stringify(name)} is not lower snake_case: ${ACCEPTED}.`);
  }
  return name;
}

/** The spellings of one feature name: `vet_visits` gives VetVisits, vetVisits and "Vet Visits". */
export interface NameForms {
  readonly snake: string;
  readonly pascal: string;
  readonly camel: string;
  readonly title: string;
}

export function nameForms(name: string): NameForms {
  const words = name.split('_');
  const capitalized = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  const pascal = capitalized.join('');
  return {
    snake: name,
    pascal,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    title: capitalized.join(' '),
  };
}
