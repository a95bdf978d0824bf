/** Formats generated files with the project's own Prettier settings, so `prettier --check` passes on them. */
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';

export async function formatFile(root: string, path: string, text: string): Promise<string> {
  if (!/\.(ts|md)$/.test(path)) return text;
  const filepath = join(root, path);
  const options = (await resolveConfig(filepath)) ?? {};
  return format(text, { ...options, filepath });
}
