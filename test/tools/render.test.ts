import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATES_DIR, templateValues } from '../../tools/cli/plan.js';
import { render, TemplateError } from '../../tools/cli/render.js';

describe('render', () => {
  it('replaces every placeholder, spaces inside braces allowed', () => {
    expect(render('a {{x}} b {{ y }} {{x}}', { x: 1, y: 'two' })).toBe('a 1 b two 1');
  });

  it('never reads a value as a template', () => {
    expect(render('{{x}}', { x: '{{y}}' })).toBe('{{y}}');
  });

  it('refuses a placeholder without a value, naming it and the template', () => {
    expect(() => render('{{x}} {{missing}}', { x: 1 }, 'api.ts.tmpl')).toThrow(
      new TemplateError('api.ts.tmpl: no value for {{missing}}'),
    );
  });

  it('refuses leftover braces that look like a broken placeholder', () => {
    expect(() => render('{{x}} {{ not-a-name }}', { x: 1 })).toThrow(/malformed placeholder/);
    expect(() => render('{{x}', { x: 1 })).toThrow(/malformed placeholder/);
  });

  it('does not take inherited properties for values', () => {
    expect(() => render('{{toString}}', {})).toThrow(/no value for \{\{toString\}\}/);
  });
});

describe('the feature templates', () => {
  const values = templateValues({ name: 'vet_visits', description: "Owner's \\ visits", summary: 'S', tag: 'T' }, 3);
  const templates = ['src', 'test'].flatMap((area) =>
    readdirSync(join(TEMPLATES_DIR, area)).map((file) => `${area}/${file}`),
  );

  it('are the five module files and the tests', () => {
    expect(templates.sort()).toEqual([
      'src/README.md.tmpl',
      'src/api.ts.tmpl',
      'src/index.ts.tmpl',
      'src/models.ts.tmpl',
      'src/service.ts.tmpl',
      'test/api.test.ts.tmpl',
      'test/service.test.ts.tmpl',
    ]);
  });

  it.each(templates)('%s renders with the builder values, leaving no placeholder', (template) => {
    const output = render(readFileSync(join(TEMPLATES_DIR, template), 'utf8'), values, template);
    expect(output).not.toMatch(/\{\{|\}\}/);
    expect(output).toContain('vet_visits');
  });

  it('escapes text into TypeScript and JSON literals', () => {
    expect(values.descriptionLiteral).toBe("'Owner\\'s \\\\ visits'");
    expect(JSON.parse(String(values.descriptionJson))).toBe("Owner's \\ visits");
  });
});
