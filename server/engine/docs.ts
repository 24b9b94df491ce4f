/**
 * Where the rule pages are: docs/rules beside dist/ in the .vsix and in the repository, found
 * upwards from the running bundle (or from the sources under tsx).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

function findDocs(start: string): string {
  for (let dir = start, i = 0; i < 5; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'docs', 'rules'))) return join(dir, 'docs', 'rules');
  }
  return join(dirname(start), 'docs', 'rules');
}

const DOCS = findDocs(__dirname);

/** The rule's page as a file URI, or under `base` when the pages are published somewhere. */
export function ruleHref(rule: string, base?: string): string {
  if (base) return `${base.replace(/\/+$/, '')}/${rule}.md`;
  return pathToFileURL(join(DOCS, `${rule}.md`)).href;
}
