/**
 * Compares two contracts of a feature, operation by operation: an older one (a release snapshot, or the
 * previous version) and a newer one. Each rule's reasoning is the client's: what it sent must still be
 * accepted, what it read must still be there with the same meaning, and how it authenticates must not move.
 */
import type { Change } from './change.js';
import type { Contract, OperationContract, Parameter, Schema } from './model.js';
import { compareSchemas, type Direction } from './schema-diff.js';

type Emit = (change: Omit<Change, 'operation'>) => void;

/** The differences between two schemas of one place (`where`), each named down to its field. */
function compareAt(where: string, was: Schema, now: Schema, direction: Direction, emit: Emit): void {
  for (const finding of compareSchemas(was, now, direction)) {
    const field = finding.field === '' ? '' : `, field ${finding.field}`;
    emit({ severity: finding.severity, where: `${where}${field}`, what: finding.what });
  }
}

function compareContent(
  before: Readonly<Record<string, Schema>>,
  after: Readonly<Record<string, Schema>>,
  direction: Direction,
  place: string,
  emit: Emit,
): void {
  for (const type of Object.keys(before)) {
    const was = before[type];
    const now = after[type];
    if (was === undefined) continue;
    if (now === undefined) {
      emit({ severity: 'breaking', where: place, what: `media type ${type} removed` });
      continue;
    }
    compareAt(`${place} ${type}`, was, now, direction, emit);
  }
  for (const type of Object.keys(after)) {
    if (!(type in before)) emit({ severity: 'additive', where: place, what: `media type ${type} added` });
  }
}

/** The headers that make a request conditional (RFC 9110, section 13.1), whose absence 428 answers (RFC 6585). */
const PRECONDITION_HEADERS = new Set(['if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since']);
const PRECONDITION_REQUIRED = '428';

/**
 * Whether a parameter's becoming required documents what the older contract already did: a precondition
 * header, on an operation that already answered 428 Precondition Required, refused requests without it.
 */
const alreadyRefusedWithout = (parameter: Parameter, before: OperationContract): boolean =>
  parameter.in === 'header' && PRECONDITION_HEADERS.has(parameter.name) && PRECONDITION_REQUIRED in before.responses;

function compareParameters(before: OperationContract, after: OperationContract, emit: Emit): void {
  const id = (parameter: Parameter): string => `${parameter.in} ${parameter.name}`;
  const label = (parameter: Parameter): string =>
    `${parameter.in === 'header' ? 'header' : `${parameter.in} parameter`} ${parameter.name}`;
  const was = new Map(before.parameters.map((parameter) => [id(parameter), parameter]));
  const now = new Map(after.parameters.map((parameter) => [id(parameter), parameter]));
  for (const [key, parameter] of now) {
    const old = was.get(key);
    if (old === undefined) {
      emit(
        parameter.required
          ? { severity: 'breaking', where: label(parameter), what: 'new required request parameter' }
          : { severity: 'additive', where: label(parameter), what: 'new optional request parameter' },
      );
      continue;
    }
    if (parameter.required && !old.required) {
      emit(
        alreadyRefusedWithout(parameter, before)
          ? {
              severity: 'compatible',
              where: label(parameter),
              what: 'documented as required (428 already answered its absence)',
            }
          : { severity: 'breaking', where: label(parameter), what: 'parameter now required' },
      );
    }
    compareAt(label(parameter), old.schema, parameter.schema, 'request', emit);
  }
  for (const [key, parameter] of was) {
    if (!now.has(key)) emit({ severity: 'compatible', where: label(parameter), what: 'parameter no longer read' });
  }
}

function compareRequestBody(before: OperationContract, after: OperationContract, emit: Emit): void {
  const was = before.requestBody;
  const now = after.requestBody;
  if (now === undefined) {
    if (was !== undefined) emit({ severity: 'compatible', where: 'request body', what: 'no longer read' });
    return;
  }
  if (now.required && was?.required !== true) {
    emit({ severity: 'breaking', where: 'request body', what: 'now required' });
  }
  compareContent(was?.content ?? {}, now.content, 'request', 'request body', emit);
}

function compareResponses(before: OperationContract, after: OperationContract, emit: Emit): void {
  for (const [status, was] of Object.entries(before.responses)) {
    const now = after.responses[status];
    if (now === undefined) {
      emit({ severity: 'breaking', where: `response ${status}`, what: 'status code removed' });
      continue;
    }
    compareContent(was.content, now.content, 'response', `response ${status}`, emit);
    for (const [header, schema] of Object.entries(was.headers)) {
      const where = `response ${status} header ${header}`;
      const current = now.headers[header];
      if (current === undefined) emit({ severity: 'breaking', where, what: 'header removed' });
      else compareAt(where, schema, current, 'response', emit);
    }
    for (const header of Object.keys(now.headers)) {
      if (!(header in was.headers)) {
        emit({ severity: 'additive', where: `response ${status} header ${header}`, what: 'new response header' });
      }
    }
  }
  for (const status of Object.keys(after.responses)) {
    if (!(status in before.responses)) {
      emit({ severity: 'additive', where: `response ${status}`, what: 'new status code' });
    }
  }
}

function compareSecurity(before: OperationContract, after: OperationContract, emit: Emit): void {
  const show = (security: OperationContract['security']): string =>
    security.length === 0 ? 'public' : JSON.stringify(security);
  if (show(before.security) !== show(after.security)) {
    emit({
      severity: 'breaking',
      where: 'security',
      what: `requirement changed from ${show(before.security)} to ${show(after.security)}`,
    });
  }
}

/** Every difference from `before` to `after`, breaking ones included, in operation order. */
export function compareContracts(before: Contract, after: Contract): Change[] {
  const changes: Change[] = [];
  for (const [operation, was] of Object.entries(before.operations)) {
    const now = after.operations[operation];
    if (now === undefined) {
      changes.push({ severity: 'breaking', operation, where: '', what: 'operation removed' });
      continue;
    }
    const emit: Emit = (change) => changes.push({ ...change, operation });
    compareParameters(was, now, emit);
    compareRequestBody(was, now, emit);
    compareResponses(was, now, emit);
    compareSecurity(was, now, emit);
  }
  for (const operation of Object.keys(after.operations)) {
    if (!(operation in before.operations)) {
      changes.push({ severity: 'additive', operation, where: '', what: 'new operation' });
    }
  }
  return changes;
}
