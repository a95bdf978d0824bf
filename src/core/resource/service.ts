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
  readonly created_at: Date;
  readonly updated_at: Date;
  readonly revision: number;
}

type Stamps = Pick<StoredRecord, 'id' | 'created_at' | 'updated_at'>;

/** What a resource's repository does: its SQL is the engine's (store.ts, statements.ts). */
export interface RecordRepository<Row extends StoredRecord, New, Changes, Filters> {
  insert(row: New & Stamps): Promise<Row>;
  find(id: string): Promise<Row | undefined>;
  /** Up to `limit` records matching `filters`, in (created_at, id) order, after `after` when given. */
  page(query: { limit: number; after: PagePosition | undefined; filters: Filters }): Promise<Row[]>;
  /** The changed record, or undefined if none has this id and an expected revision. */
  update(
    id: string,
    expected: ExpectedRevision,
    changes: Changes & Pick<Stamps, 'updated_at'>,
  ): Promise<Row | undefined>;
  /** Whether a record with this id and an expected revision was deleted. */
  delete(id: string, expected: ExpectedRevision): Promise<boolean>;
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
  create(input: New): Promise<Row>;
  get(id: string): Promise<Row>;
  list(query: { limit: number; after: PagePosition | undefined; filters: Filters }): Promise<Page<Row>>;
  update(id: string, expected: ExpectedRevision, changes: Changes): Promise<Row>;
  remove(id: string, expected: ExpectedRevision): Promise<void>;
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
  async function get(id: string): Promise<Row> {
    const record = await repository.find(id);
    if (record === undefined) throw notFound(noun, id);
    return record;
  }
  return {
    get,
    async create(input) {
      const checked = rules.create === undefined ? input : await rules.create(input);
      const now = clock();
      return repository.insert({ ...checked, id: newId(), created_at: now, updated_at: now });
    },
    async list({ limit, after, filters }) {
      // One more than asked tells whether a next page exists without counting.
      const rows = await repository.page({ limit: limit + 1, after, filters });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const next = rows.length > limit && last !== undefined ? { createdAt: last.created_at, id: last.id } : undefined;
      return { items, next };
    },
    async update(id, expected, changes) {
      const checked = rules.change === undefined ? changes : await rules.change(changes);
      const updated = await repository.update(id, expected, { ...checked, updated_at: clock() });
      if (updated !== undefined) return updated;
      await get(id);
      throw preconditionFailed();
    },
    async remove(id, expected) {
      if (await repository.delete(id, expected)) return;
      await get(id);
      throw preconditionFailed();
    },
  };
}
