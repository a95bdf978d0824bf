/** The settings table of docs/configuration.md stays true to the settings schema: every setting, its default, its bounds. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingNames, SettingsSchema } from '../src/config.js';

interface Row {
  name: string;
  default: string;
  accepts: string;
}

function configurationRows(): Row[] {
  return readFileSync('docs/configuration.md', 'utf8')
    .split('\n')
    .filter((line) => /^\| `[A-Z0-9_]+`/.test(line))
    .map((line) => {
      const [name = '', defaultCell = '', accepts = ''] = line
        .split('|')
        .slice(1)
        .map((cell) => cell.trim());
      return { name: name.replaceAll('`', ''), default: defaultCell, accepts };
    });
}

/** How the table writes a default: in backticks, or "empty" for the empty string. */
function shown(value: unknown): string {
  return value === '' ? 'empty' : `\`${String(value)}\``;
}

describe('docs/configuration.md settings table', () => {
  const rows = configurationRows();

  it('has one row for every setting and none for a setting that does not exist', () => {
    expect(rows.map((row) => row.name)).toEqual(settingNames);
  });

  it.each(rows.filter((row) => row.name !== 'PROJECT_VERSION'))('gives $name its real default', (row) => {
    const property = SettingsSchema.properties[row.name as (typeof settingNames)[number]];
    expect(row.default).toBe(shown(property.default));
  });

  const bounds = (row: Row) =>
    SettingsSchema.properties[row.name as (typeof settingNames)[number]] as { minimum?: number; maximum?: number };
  const integerRows = rows.filter((row) => bounds(row).minimum !== undefined);

  it.each(integerRows)('gives $name the range its schema accepts', (row) => {
    const { minimum, maximum } = bounds(row);
    expect(row.accepts).toContain(`from ${minimum} to ${maximum}`);
  });
});
