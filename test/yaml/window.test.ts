/**
 * edits/window.ts: a fix rendered from a parse of only the lines it edits (issue 20: resolving one
 * fix on a 1.4 MB document cost a parse of the whole document). The proof is the comparison: every
 * fix of every manifest of the corpus (test/corpus, sources in its SOURCES.md), of test/fixtures
 * and of examples/, and of inline cases made to trip a window (aliases to anchors outside it, a
 * replaced value below its key, keep-chomped scalars, comments after the node, unindented
 * sequences, CRLF), rendered through a window, must give byte for byte the edits of the same fix
 * rendered from a fresh parse of the whole file, fixes refused included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FixChange, FixIntent } from '../../shared/model/output';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { analyzeFile } from '../../server/engine/analyze';
import { fixEdits } from '../../server/yaml/edits';
import { windowFor } from '../../server/yaml/edits/window';
import type { ParsedFile } from '../../server/yaml/parse/parse';

const ROOT = resolve(__dirname, '../..');

function manifests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'templates' ? [] : manifests(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Whether the fix gets a window in its document (the chunk the first span is in), and lines left out of it. */
function windowed(parsed: ParsedFile, fix: FixIntent): 'none' | 'window' | 'skip' {
  const first = fix.changes[0]!;
  const at = first.op === 'move-to-init-containers' ? first.podSpec.start : first.at.start;
  const chunk = [...parsed.chunks].reverse().find((c) => c.offset <= at);
  if (!chunk?.content.style) return 'none';
  const move = (s: { start: number; end: number }) => ({ start: s.start - chunk.offset, end: s.end - chunk.offset });
  const local = fix.changes.map((c): FixChange => (c.op === 'move-to-init-containers' ? { ...c, item: move(c.item), podSpec: move(c.podSpec) } : { ...c, at: move(c.at) }));
  const window = windowFor(chunk.content.text, local);
  return window?.skip ? 'skip' : window ? 'window' : 'none';
}

/** Every fix of `text`: edits through windows (the analysis let its trees go) and from a whole parse. */
function compare(name: string, text: string): { fixes: number; windows: number; skips: number } {
  let analysis: ReturnType<typeof analyzeFile>;
  try {
    analysis = analyzeFile(text, { ...DEFAULT_SETTINGS });
  } catch {
    return { fixes: 0, windows: 0, skips: 0 };
  }
  let fixes = 0;
  let windows = 0;
  let skips = 0;
  for (const workload of analysis.workloads) {
    for (const finding of workload.analysis.findings) {
      for (const fix of finding.fixes) {
        fixes++;
        const kind = windowed(analysis.parsed, fix);
        if (kind !== 'none') windows++;
        if (kind === 'skip') skips++;
        const viaWindow = fixEdits(text, fix, analysis.parsed, true);
        // A copy of the text: a fresh split, whose documents have never been parsed (no kept style).
        const whole = fixEdits(`${text} `.slice(0, -1), fix);
        assert.deepEqual(viaWindow, whole, `${name}: ${fix.title}`);
      }
    }
  }
  return { fixes, windows, skips };
}

test('every fix of the corpus, the fixtures and the examples: a window gives the whole parse\'s edits', () => {
  let fixes = 0;
  let windows = 0;
  let skips = 0;
  for (const dir of ['test/corpus', 'test/fixtures', 'examples']) {
    for (const path of manifests(join(ROOT, dir))) {
      const found = compare(path, readFileSync(path, 'utf8'));
      fixes += found.fixes;
      windows += found.windows;
      skips += found.skips;
    }
  }
  // The comparison means something only if most fixes went through a window.
  console.log(`${windows} of ${fixes} fixes through a window, ${skips} leaving a list's lines out`);
  assert.ok(fixes > 100, `${fixes} fixes`);
  assert.ok(windows > fixes / 2, `${windows} of ${fixes} fixes had a window`);
});

const deployment = (container: string, pod = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
${pod}      containers:
${container}`;

const CASES: Record<string, string> = {
  'alias to an anchor outside the window': `${deployment('        - name: web\n          image: example/web\n          lifecycle: *hooks\n', '')}`.replace('metadata:\n  name: web', 'metadata:\n  name: web\n  annotations:\n    x: &hooks {preStop: {exec: {command: [sleep, "1"]}}}'),
  'an aliased mapping the fix adds to': deployment('        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n          lifecycle: *hooks\n').replace('metadata:\n  name: web', 'metadata:\n  name: web\n  annotations:\n    x: &hooks\n      postStart: {exec: {command: [a]}}'),
  'aliases in the window to anchors outside it, not followed': deployment('        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n          env:\n            - {name: A, value: *a}\n').replace('  name: web\n', '  name: web\n  annotations: {x: &a "1"}\n'),
  'merge key from outside': deployment('        - <<: *base\n          name: web\n          ports: [{containerPort: 8080}]\n').replace('  name: web\n', '  name: web\n  annotations:\n    base: &base {image: example/web, lifecycle: {preStop: {tcpSocket: {port: 80}}}}\n'),
  'replaced hook below its key': deployment('        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n          lifecycle:\n            preStop:\n              tcpSocket:\n                port: 8080\n'),
  'keep-chomped scalar last, blank lines after': deployment('        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n          command:\n            - sh\n            - -c\n            - |+\n              exec web\n\n\n        - name: side\n          image: example/side\n'),
  'comments after the container': deployment('        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n            # deeper comment\n          # comment at the key column\n        # comment at the dash\n        - name: b\n          image: example/b\n'),
  'unindented sequence': deployment('      - name: web\n        image: example/web\n        ports: [{containerPort: 8080}]\n      - name: b\n        image: b\n', '      terminationGracePeriodSeconds: 0\n'),
  'grace period replaced in place': deployment('        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n          lifecycle: {preStop: {sleep: {seconds: 20}}}\n', '      terminationGracePeriodSeconds: 5 # short\n'),
  'flow container': deployment('        - {name: web, image: example/web, ports: [{containerPort: 8080}]}\n'),
  'CRLF': deployment('        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n').replace(/\n/g, '\r\n'),
  'a long env list last, items of several lines': deployment(`        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n          env:\n${Array.from({ length: 6 }, (_, i) => `            - name: V${i}\n              # about V${i}\n              value: "${i}"\n`).join('')}`),
  'a long unindented list last, with a block scalar and an alias inside': deployment(`      - name: web\n        image: example/web\n        ports: [{containerPort: 8080}]\n        args:\n        - &first one\n        - |\n          two\n            lines\n\n        - *first\n        - four\n`),
  'a long list last, then a keep-chomped scalar item and comments': deployment(`        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n          command:\n            - a\n            - b\n            - c\n            - |+\n              d\n\n            # after\n        # next\n        - name: side\n          image: side\n`),
  'several documents': `${deployment('        - name: a\n          image: a\n          ports: [{containerPort: 1}]\n')}---\n${deployment('        - name: b\n          image: b\n          ports: [{containerPort: 2}]\n')}`,
};

test('inline cases made to trip a window give the whole parse\'s edits', () => {
  let fixes = 0;
  let skips = 0;
  for (const [name, text] of Object.entries(CASES)) {
    const found = compare(name, text);
    fixes += found.fixes;
    skips += found.skips;
  }
  assert.ok(fixes >= Object.keys(CASES).length, `${fixes} fixes`);
  // The long lists were left out of the parse (and still gave the same edits).
  assert.ok(skips >= 3, `${skips} fixes left lines out`);
});

test('a window is whole lines from the node (or its key) to the next content line; otherwise none', () => {
  const text = 'a:\n  b:\n    c: 1\n    d: 2\n  # note\n\n  e: 3\n';
  const c = text.indexOf('c: 1');
  const dEnd = text.indexOf('d: 2') + 4;
  assert.deepEqual(windowFor(text, [{ op: 'set', at: { start: c, end: dEnd }, path: ['x'], value: 1 }]), { start: c - 4, end: text.indexOf('  e: 3') });
  // A replaced block value takes its key's line.
  assert.deepEqual(windowFor(text, [{ op: 'replace', at: { start: c, end: dEnd }, value: 1 }]), { start: text.indexOf('  b:'), end: text.indexOf('  e: 3') });
  // A scalar after its key on the same line.
  const one = text.indexOf('1');
  assert.deepEqual(windowFor(text, [{ op: 'replace', at: { start: one, end: one + 1 }, value: 2 }]), { start: c - 4, end: text.indexOf('    d: 2') });
  // Something before the node on its line other than a key: no window.
  const flow = 'a: {b: 1}\n';
  assert.equal(windowFor(flow, [{ op: 'replace', at: { start: 7, end: 8 }, value: 2 }]), undefined);
  // Directives change what the lines mean.
  assert.equal(windowFor(`%YAML 1.1\n---\n${text}`, [{ op: 'set', at: { start: c + 14, end: dEnd + 14 }, path: ['x'], value: 1 }]), undefined);
});
