/** shared/ is pure: no vscode, LSP, yaml or Node imports, and nothing from outside shared/ (STYLE.md). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const shared = join(root, 'shared');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

export function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

test('the import scanner sees static, dynamic and require imports', () => {
  assert.deepEqual(importsOf(`import { a } from 'yaml';\nexport * from "./x";\nconst v = await import('vscode');\nrequire('node:fs');`), ['yaml', './x', 'vscode', 'node:fs']);
});

test('shared/ imports only shared/', () => {
  const offenders: string[] = [];
  for (const file of sources(shared)) {
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const inside = spec.startsWith('.') && !relative(shared, resolve(dirname(file), spec)).startsWith('..');
      if (!inside) offenders.push(`${relative(root, file)} imports ${spec}`);
    }
  }
  assert.deepEqual(offenders, []);
  assert.ok(sources(shared).length > 10, 'the scan found the model sources');
});
