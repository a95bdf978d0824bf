/** Types of no-invisible-characters.js (plain JavaScript, so that eslint.config.js can load it). */
import type { ESLint, Rule } from 'eslint';

export const noInvisibleCharacters: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
