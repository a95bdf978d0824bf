import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../bench/lib/report.js';
import { renderSvg } from '../../bench/lib/svg.js';
import { fixedResults } from './fixture.js';

describe('renderMarkdown', () => {
  it('is deterministic for a fixed result', () => {
    expect(renderMarkdown(fixedResults)).toBe(renderMarkdown(structuredClone(fixedResults)));
  });
  it('shows the machine, the medians, the ratios and the features on', () => {
    const md = renderMarkdown(fixedResults);
    expect(md).toContain('Test CPU, 2 cores, 24 GB RAM, Node.js v20.0.0');
    expect(md).toContain('| PetSage service (`node dist/server.js`) | 24,500 | 40 |');
    expect(md).toContain('wrk (one thread, bench/load.lua)');
    expect(md).toContain('median **0.45** (per round: 0.50, 0.40)');
    expect(md).toContain('median **2.25** (per round: 2.50, 2.00)');
    expect(md).toContain('- request id (x-request-id): on');
    expect(md).toContain('| 10 | 350 | 85.0 | 24,000 | 2.0 |');
  });
  it('shows start-up and memory without the database features, and nothing for a run that did not measure it', () => {
    const row = '| service without its database features (`pets` removed) | 200 ms | 70.0 MB | |';
    expect(renderMarkdown(fixedResults)).toContain(row);
    const smokeRun = structuredClone(fixedResults);
    delete smokeRun.startup.withoutDatabase;
    expect(renderMarkdown(smokeRun)).not.toContain('without its database features');
  });
  it("shows bare node:http's start-up beside the service's with the difference, and nothing for older results", () => {
    const row =
      '| bare node:http (plain JavaScript; the service takes 240 ms more, median of paired starts) | 70 ms | 45.0 MB | |';
    expect(renderMarkdown(fixedResults)).toContain(row);
    expect(renderMarkdown(fixedResults)).toContain(
      'used by the first 200, medians: service 250 ms, bare node:http 40 ms.',
    );
    const older = structuredClone(fixedResults);
    delete older.startup.bare;
    expect(renderMarkdown(older)).not.toContain('bare node:http (plain JavaScript');
    expect(renderMarkdown(older)).not.toContain('used by the first 200');
  });
  it('shows the database path against node:http + pg with named statements, with CPU per request, p99 and POST throughput', () => {
    const md = renderMarkdown(fixedResults);
    expect(md).toContain('## Database path');
    expect(md).toContain('| node:http + pg, same pool, named prepared statements (the limit) | 10,000 | 45 |');
    expect(md).toContain('| PetSage service (`node dist/server.js`) | 9,250 | 51 | 1.0 | 7.5 |');
    expect(md).toContain('median **0.93** (per round: 0.90, 0.95)');
    expect(md).toContain('### `POST /v1/pets/`');
  });
  it("shows the owner check's cost: the owner's read against an admin's, which has no owner predicate", () => {
    const md = renderMarkdown(fixedResults);
    expect(md).toContain('### The owner check');
    expect(md).toContain('| read as its owner (owner predicate in the statement) | 9,050 | 50 |');
    expect(md).toContain('| read as an admin (pets:admin: no owner predicate) | 9,000 | 50 |');
    expect(md).toContain('median **1.01** (per round: 1.00, 1.01)');
  });
  it("shows the limiter's cost (on against off) and a refusal's (429 against 200), with CPU per request", () => {
    const md = renderMarkdown(fixedResults);
    expect(md).toContain('## Rate limits');
    expect(md).toContain('| service, rate limits off (every budget 0) | 20,000 | 50 |');
    expect(md).toContain('| service, rate limits on, never refusing (200) | 19,400 | 52 |');
    expect(md).toContain('| service, one client past its budget (429) | 20,000 | 50 |');
    expect(md).toContain('median **0.97** (per round: 0.98, 0.96)');
    expect(md).toContain('median **1.03** (per round: 1.03, 1.03)');
    expect(md).toContain(
      '- CPU µs/req, service, rate limits on, never refusing (200) / service, rate limits off (every budget 0): **1.03**',
    );
    expect(md).toContain(
      '- CPU µs/req, service, one client past its budget (429) / service, rate limits on, never refusing (200): **0.96**',
    );
    const older = structuredClone(fixedResults);
    delete older.rateLimits;
    expect(renderMarkdown(older)).not.toContain('## Rate limits');
  });
  it('adds the scaling note only when there is one', () => {
    const noted = renderMarkdown({
      ...fixedResults,
      scaling: { ...fixedResults.scaling, note: 'stopped at 90 of 100' },
    });
    expect(noted).toContain('Note: stopped at 90 of 100.');
    const plain = renderMarkdown({ ...fixedResults, scaling: { ...fixedResults.scaling, note: '' } });
    expect(plain).not.toContain('Note:');
  });
  it('says why feature-count scaling is missing', () => {
    const md = renderMarkdown({ ...fixedResults, scaling: { note: 'skipped in smoke mode', points: [] } });
    expect(md).toContain('Feature-count scaling: skipped in smoke mode.');
  });
});

describe('renderSvg', () => {
  it('is deterministic and draws a bar and a point per feature count', () => {
    const svg = renderSvg(fixedResults.scaling.points);
    expect(svg).toBe(renderSvg(structuredClone(fixedResults.scaling.points)));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).toContain('350 ms');
  });
  it('says why there is no data', () => {
    expect(renderSvg([], 'skipped: <no CLI>')).toContain('No feature-count data: skipped: &lt;no CLI&gt;');
  });
});
