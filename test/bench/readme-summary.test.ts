/** The README's benchmark summary is generated: it holds exactly what the generator makes of latest.json. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  currentSummary,
  renderSummary,
  replaceSummary,
  SUMMARY_END,
  SUMMARY_START,
} from '../../bench/lib/readme-summary.js';
import type { Results } from '../../bench/lib/results.js';
import { fixedResults } from './fixture.js';

const readme = readFileSync('README.md', 'utf8');
const latest = JSON.parse(readFileSync('bench/results/latest.json', 'utf8')) as Results;

describe("the README's benchmark summary", () => {
  it('is what `npm run bench` writes from bench/results/latest.json (run it to refresh the README)', () => {
    expect(currentSummary(readme)).toBe(renderSummary(latest));
  });

  it('says the ratios to both baselines, start-up and memory, and links the full results', () => {
    const block = renderSummary(fixedResults);
    expect(block.startsWith(SUMMARY_START) && block.endsWith(SUMMARY_END)).toBe(true);
    expect(block).toContain('**0.45** of bare `node:http`, **2.25** times a naive Fastify assembly');
    expect(block).toContain('(bench/results/latest.md)');
    expect(block).toMatch(
      /start-up to the first 200: \d+ ms \(\d+ ms with \d+ features\), 240 ms more than bare `node:http`'s 70 ms \(CPU 250 against 40 ms\); [\d.]+ MB resident/,
    );
    expect(block).toContain('; without its database features 200 ms and 70.0 MB');
    expect(block).toContain(
      '- database path (real PostgreSQL): `GET /v1/pets/{id}` at **0.93** of `node:http` + `pg` with the same pool ' +
        'and named prepared statements (CPU 51 µs against 45 µs a request), p99 7.5 ms; a 20-record page at **0.85**; ' +
        '`POST /v1/pets/` 3,050 req/s; a read by its owner (owner predicate) at **1.01** of the same read by an ' +
        'admin (no predicate), CPU 50 against 50 µs',
    );
  });

  it('replaces only the block, and refuses a README without exactly one', () => {
    const page = `# Title\n\n${SUMMARY_START}\nold\n${SUMMARY_END}\n\n## Next\n`;
    expect(replaceSummary(page, 'NEW')).toBe('# Title\n\nNEW\n\n## Next\n');
    expect(() => replaceSummary('# Title\n', 'NEW')).toThrow(/exactly one benchmark summary block/);
    expect(() => replaceSummary(page + page, 'NEW')).toThrow(/exactly one/);
    expect(() => replaceSummary(`${SUMMARY_END}\n${SUMMARY_START}`, 'NEW')).toThrow(/exactly one/);
  });
});
