// The import graph of the product's sources (server/, shared/, client/src/), for the layout test
// (test/layout.test.ts) and for people: `node scripts/imports.mjs` prints cycles, layer breaches,
// long files and crowded folders, and exits 1 when there is any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Which folders a folder's files may not import from (see docs/design.md, "Layers"). */
export const FORBIDDEN = {
  'shared/': ['server/', 'client/'],
  'server/yaml/': ['server/engine/', 'server/render/', 'server/workspace/', 'server/lsp/', 'server/cli/'],
  'server/workspace/': ['server/render/', 'server/lsp/', 'server/cli/'],
  'server/engine/': ['server/render/', 'server/lsp/', 'server/cli/'],
  'server/render/': ['server/lsp/', 'server/cli/'],
  'server/render/helm/': ['server/render/kustomize/'],
  'server/render/kustomize/': ['server/render/helm/'],
  'server/lsp/': ['server/cli/'],
  'server/cli/': ['server/lsp/'],
  'client/': ['server/'],
};
export const MAX_LINES = 300;
export const MAX_FILES = 12;

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(root, file, spec) {
  const base = resolve(dirname(join(root, file)), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(root, candidate).split('\\').join('/');
  }
  return undefined;
}

/** file → the product files it imports (type-only imports included: they tie the layers too). */
export function importGraph(root) {
  const files = ['server', 'shared', 'client/src'].filter((d) => existsSync(join(root, d))).flatMap((d) => walk(join(root, d)));
  const graph = new Map();
  for (const path of files) {
    const file = relative(root, path).split('\\').join('/');
    const text = readFileSync(path, 'utf8');
    const targets = new Set();
    for (const m of text.matchAll(IMPORT)) {
      const target = resolveImport(root, file, m[1] ?? m[2]);
      if (target) targets.add(target);
    }
    graph.set(file, { targets: [...targets], lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), text });
  }
  return graph;
}

/** Strongly connected components of more than one file (or a file importing itself): the cycles. */
export function cycles(graph) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const found = [];
  const visit = (v) => {
    info.set(v, { index, low: index, on: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v)?.targets ?? []) {
      if (!graph.has(w)) continue;
      if (!info.has(w)) {
        visit(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).on) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
    }
    if (info.get(v).low === info.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).on = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v).targets.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!info.has(v)) visit(v);
  return found;
}

/** Imports that go from a layer to one it may not know. */
export function breaches(graph) {
  const out = [];
  for (const [file, { targets }] of graph) {
    for (const [from, banned] of Object.entries(FORBIDDEN)) {
      if (!file.startsWith(from)) continue;
      for (const target of targets) if (banned.some((b) => target.startsWith(b))) out.push(`${file} → ${target}`);
    }
  }
  return out;
}

/** Files over MAX_LINES, and folders of more than MAX_FILES files whose files' headers give no reason. */
export function sizes(graph) {
  const long = [...graph].filter(([, f]) => f.lines > MAX_LINES).map(([file, f]) => `${file}: ${f.lines} lines`);
  const folders = new Map();
  for (const file of graph.keys()) folders.set(dirname(file), [...(folders.get(dirname(file)) ?? []), file]);
  const crowded = [...folders]
    .filter(([, files]) => files.length > MAX_FILES && !files.some((f) => /more than \d+ files/i.test(graph.get(f).text.slice(0, 2000))))
    .map(([folder, files]) => `${folder}/: ${files.length} files`);
  return { long, crowded };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const graph = importGraph(root);
  const problems = [
    ...cycles(graph).map((c) => `cycle: ${c.join(' ↔ ')}`),
    ...breaches(graph).map((b) => `layer: ${b}`),
    ...Object.values(sizes(graph)).flat(),
  ];
  console.log(problems.length === 0 ? `imports: ${graph.size} files, no cycles, no layer breaches` : problems.join('\n'));
  process.exit(problems.length === 0 ? 0 : 1);
}
