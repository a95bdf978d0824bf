import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { Refusal } from '../../tools/cli/errors.js';
import { nameForms, RESERVED_NAMES, validateName } from '../../tools/cli/names.js';
import { testSettings } from '../helpers/settings.js';

describe('validateName', () => {
  it.each(['vet_visits', 'smoke_test', 'a', 'pets2', 'x_1_y', 'a'.repeat(64)])('accepts %j', (name) => {
    expect(validateName(name)).toBe(name);
  });

  it.each([
    ['VetVisits', /not lower snake_case/],
    ['vet-visits', /not lower snake_case/],
    ['9lives', /not lower snake_case/],
    ['vet__visits', /not lower snake_case/],
    ['vet_', /not lower snake_case/],
    ['', /is empty/],
    ['a'.repeat(65), /65 characters long/],
    ['../x', /is a path/],
    ['a/b', /is a path/],
    ['/etc', /is a path/],
    ['..', /is a path/],
    ['a\\b', /is a path/],
    ['class', /reserved \(a JavaScript reserved word\)/],
    ['await', /reserved/],
    ['docs', /reserved \(a route the app serves itself\)/],
    ['openapi.json', /reserved/],
    ['openapi', /reserved/],
    ['livez', /reserved/],
    ['readyz', /reserved/],
    ['metrics', /reserved/],
  ])('refuses %j in one line saying why and what is accepted', (name, why) => {
    let error: unknown;
    try {
      validateName(name);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Refusal);
    const message = (error as Refusal).message;
    expect(message).toMatch(why);
    expect(message).toMatch(/snake_case/);
    expect(message).not.toContain('\n');
  });
});

describe('RESERVED_NAMES', () => {
  it('holds every path segment the app serves at its root, outside the versioned features', async () => {
    const app = createApp(testSettings(), { features: [] });
    const urls: string[] = [];
    app.addHook('onRoute', (route) => {
      urls.push(route.url);
    });
    await app.ready();
    await app.close();
    const roots = new Set(
      urls.map((url) => url.split('/')[1] ?? '').filter((segment) => !/^(v\d+|\*?)$/.test(segment)),
    );
    expect(roots.size).toBeGreaterThanOrEqual(3); // docs, livez, readyz at least (/metrics has a port of its own)
    for (const segment of roots) expect(RESERVED_NAMES).toContain(segment);
  });
});

describe('nameForms', () => {
  it('spells a name in the cases the templates use', () => {
    expect(nameForms('vet_visits')).toEqual({
      snake: 'vet_visits',
      pascal: 'VetVisits',
      camel: 'vetVisits',
      title: 'Vet Visits',
    });
    expect(nameForms('pets2_x').pascal).toBe('Pets2X');
  });
});
