/**
 * The record logic every resource shares, over its repository (store.ts, or a test's own): ids and
 * timestamps from the dependencies passed in (so a unit test fixes them), the declaration's business rules
 * before each write, pages of `limit` records with the position of the next one, and the answers a change
 * gets when it cannot apply: 404 if the record is gone, 412 if it has moved on since the revision the
 * client named.
 */
import type { PagePosition } from './cursor.js';
import { notFound, preconditionFailed, type ExpectedRevision } from './preconditions.js';

/** The columns every resource table has. */
export interface StoredRecord {
  readonly id: string;
  /** Who it belongs to: the subject of the token that created it (null before owners existed). */
  readonly owner: string | null;
  /** RFC 3339 in UTC, to the millisecond, as the driver gives it (core/database/instants.ts). */
  readonly created_at: string;
  readonly updated_at: string;
  readonly revision: number;
}

/** What a write stamps a record with: its id and the time of the change. */
interface Stamps {
  readonly id: string;
  readonly created_at: Date;
  readonly updated_at: Date;
}

/**
 * Who makes a call, as far as records are concerned: the owner a new record gets, and whether the caller
 * reaches every record (an admin, a shared resource, a service with authentication off) or only their own.
 */
export interface Caller {
  readonly owner: string | null;
  readonly all: boolean;
}

/** What a resource's repository does: its SQL is the engine's (store.ts, statements.ts). */
export interface RecordRepository<Row extends StoredRecord, New, Changes, Filters> {
  insert(row: New & Stamps, caller: Caller): Promise<Row>;
  /** The record with this id, if the caller may see it. */
  find(id: string, caller: Caller): Promise<Row | undefined>;
  /** Up to `limit` records matching `filters`, in (created_at, id) order, after `after` when given. */
  page(query: PageQuery<Filters>, caller: Caller): Promise<Row[]>;
  /** The changed record, or undefined if none the caller may see has this id and an expected revision. */
  update(
    id: string,
    expected: ExpectedRevision,
    changes: Changes & Pick<Stamps, 'updated_at'>,
    caller: Caller,
  ): Promise<Row | undefined>;
  /** Whether a record the caller may see, with this id and an expected revision, was deleted. */
  delete(id: string, expected: ExpectedRevision, caller: Caller): Promise<boolean>;
}

export interface PageQuery<Filters> {
  readonly limit: number;
  readonly after: PagePosition | undefined;
  readonly filters: Filters;
}

export interface ServiceDependencies<Repository> {
  readonly repository: Repository;
  /** The time of a change, for created_at and updated_at (stored to the millisecond). */
  readonly clock: () => Date;
  /** A new record's id (a UUID). */
  readonly newId: () => string;
}

export interface Page<Row> {
  readonly items: readonly Row[];
  /** Where the next page starts; undefined on the last page. */
  readonly next: PagePosition | undefined;
}

export interface RecordService<Row extends StoredRecord, New, Changes, Filters> {
  create(input: New, caller: Caller): Promise<Row>;
  /** The record, or 404 when none the caller may see has this id (another owner's answers the same). */
  get(id: string, caller: Caller): Promise<Row>;
  list(query: PageQuery<Filters>, caller: Caller): Promise<Page<Row>>;
  update(id: string, expected: ExpectedRevision, changes: Changes, caller: Caller): Promise<Row>;
  remove(id: string, expected: ExpectedRevision, caller: Caller): Promise<void>;
}

/** The rules a write goes through before the repository (declaration.ts's ResourceRules, typed loosely here). */
export interface WriteRules<New, Changes> {
  create?(input: New): New | Promise<New>;
  change?(changes: Changes): Changes | Promise<Changes>;
}

export function recordService<Row extends StoredRecord, New, Changes, Filters>(
  { repository, clock, newId }: ServiceDependencies<RecordRepository<Row, New, Changes, Filters>>,
  /** What a record is called in messages: "pet". */
  noun: string,
  rules: WriteRules<New, Changes> = {},
): RecordService<Row, New, Changes, Filters> {
  async function get(id: string, caller: Caller): Promise<Row> {
    const record = await repository.find(id, caller);
    if (record === undefined) throw notFound(noun, id);
    return record;
  }
  return {
    get,
    async create(input, caller) {
      const checked = rules.create === undefined ? input : await rules.create(input);
      const now = clock();
      return repository.insert({ ...checked, id: newId(), created_at: now, updated_at: now }, caller);
    },
    async list({ limit, after, filters }, caller) {
      // One more than asked tells whether a next page exists without counting.
      const rows = await repository.page({ limit: limit + 1, after, filters }, caller);
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const next = rows.length > limit && last !== undefined ? { createdAt: last.created_at, id: last.id } : undefined;
      return { items, next };
    },
    async update(id, expected, changes, caller) {
      const checked = rules.change === undefined ? changes : await rules.change(changes);
      const updated = await repository.update(id, expected, { ...checked, updated_at: clock() }, caller);
      if (updated !== undefined) return updated;
      await get(id, caller);
      throw preconditionFailed();
    },
    async remove(id, expected, caller) {
      if (await repository.delete(id, expected, caller)) return;
      await get(id, caller);
      throw preconditionFailed();
    },
  };
}
