/**
 * `node --import tsx bench/limits.ts`: the inputs of issue 11 "Size" through the language service,
 * each request timed, next to the raw `yaml` parse of the same text measured in the same run.
 * Code actions are measured as a resolving client (VS Code) gets them: without edits for large
 * documents, then one resolved. Files over the limit (maxFileSizeMB, 5) answer with a notice, and
 * so does a single document over 1.5 MiB (MAX_DOCUMENT_BYTES, more than Kubernetes stores).
 */
import { parseAllDocuments, parseDocument } from 'yaml';
import { open } from '../test/server/harness';
import { analyzeFile } from '../server/engine/analyze';
import { windowFor } from '../server/yaml/edits/window';
import { PARSE_OPTIONS } from '../server/yaml/parse/parse';
import type { FixChange } from '../shared/model/output';
import { DEFAULT_SETTINGS } from '../shared/settings';

function bigEnv(bytes: number): string {
  const head = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n          env:\n';
  const lines: string[] = [];
  for (let i = 0, size = head.length; size < bytes; i++) {
    const line = `            - {name: VAR_${i}, value: "value number ${i} of the environment"}\n`;
    lines.push(line);
    size += line.length;
  }
  return head + lines.join('');
}

function anchors(n: number): string {
  const defs = Array.from({ length: n }, (_, i) => `    a${i}: &a${i} "${i}"`).join('\n');
  const uses = Array.from({ length: n }, (_, i) => `            - {name: V${i}, value: *a${i}}`).join('\n');
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n${defs}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n          env:\n${uses}\n`;
}

function containers(n: number): string {
  const list = Array.from({ length: n }, (_, i) => `    - name: c${i}\n      image: example/web\n      ports: [{containerPort: ${1000 + i}}]`).join('\n');
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: web}}\nspec:\n  containers:\n${list}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: web}}\n`;
}

function multiDocument(bytes: number): string {
  const doc = bigEnv(20_000);
  return Array.from({ length: Math.ceil(bytes / doc.length) }, (_, i) => doc.replace('name: web}', `name: web${i}}`)).join('---\n');
}

async function time<T>(f: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await f();
  return { ms: Math.round(performance.now() - started), value };
}

/**
 * The raw parse of the YAML document the fix titled `title` edits, and of the lines it parses now
 * (its window, edits/window.ts), each timed in this run: what resolving it costs at the least.
 */
function fixFloor(text: string, title: string): string {
  const analysis = analyzeFile(text, { ...DEFAULT_SETTINGS });
  const fix = analysis.workloads.flatMap((w) => w.analysis.findings.flatMap((f) => f.fixes)).find((f) => f.title === title);
  const first = fix?.changes[0];
  if (!fix || !first) return '–';
  const at = first.op === 'move-to-init-containers' ? first.podSpec.start : first.at.start;
  const chunk = [...analysis.parsed.chunks].reverse().find((c) => c.offset <= at)!;
  const move = (s: { start: number; end: number }) => ({ start: s.start - chunk.offset, end: s.end - chunk.offset });
  const changes = fix.changes.map((c): FixChange => (c.op === 'move-to-init-containers' ? { ...c, item: move(c.item), podSpec: move(c.podSpec) } : { ...c, at: move(c.at) }));
  const doc = chunk.content.text;
  const window = windowFor(doc, changes);
  const started = performance.now();
  parseDocument(doc, PARSE_OPTIONS);
  const docMs = Math.round(performance.now() - started);
  if (!window) return `document ${docMs} ms, no window`;
  const part = window.skip ? doc.slice(window.start, window.skip.start) + doc.slice(window.skip.end, window.end) : doc.slice(window.start, window.end);
  const again = performance.now();
  parseDocument(part, PARSE_OPTIONS);
  return `document ${docMs} ms, window ${Math.round(performance.now() - again)} ms (${(part.length / 1024).toFixed(0)} of ${(doc.length / 1024).toFixed(0)} KiB)`;
}

async function main(): Promise<void> {
  const inputs: Array<[string, string]> = [
    ['1.4 MB single document', bigEnv(1.4 * 1024 * 1024)],
    ['4.9 MB single document (over 1.5 MiB: notice)', bigEnv(4.9 * 1024 * 1024)],
    ['10,000 anchors', anchors(10_000)],
    ['20,000 anchors', anchors(20_000)],
    ['Pod with 15,000 containers (1.2 MB)', containers(15_000)],
    ['Pod with 20,000 containers (1.6 MB: notice)', containers(20_000)],
    ['12 MB, 600 documents (over the limit)', multiDocument(12 * 1024 * 1024)],
    ['50 MB, 2,500 documents (over the limit)', multiDocument(50 * 1024 * 1024)],
  ];
  // `node --import tsx bench/limits.ts anchors 1.4`: only the inputs whose name has one of the words.
  const only = process.argv.slice(2);
  console.log('| input | raw parse | open → diagnostics | hover | code lens | timeline | code actions | resolve one fix (× raw parse) | the fix | raw parse of its document, of its window |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, text] of inputs) {
    if (only.length > 0 && !only.some((word) => name.includes(word))) continue;
    const raw = text.length <= 6 * 1024 * 1024 ? (await time(() => parseAllDocuments(text))).ms : NaN;
    const o = open(text);
    o.service.resolveCodeActions = true;
    const position = { line: 1, character: 7 };
    const diagnostics = await time(() => o.service.diagnostics(o.uri));
    const hover = await time(() => o.service.hover({ textDocument: { uri: o.uri }, position }));
    const lens = await time(() => o.service.codeLenses(o.uri));
    const timeline = await time(() => o.service.timeline({ uri: o.uri, position }));
    const range = { start: position, end: position };
    const actions = await time(() => o.service.codeActions({ textDocument: { uri: o.uri }, range, context: { diagnostics: diagnostics.value.slice(0, 3), only: ['quickfix', 'source.fixAll.kubegrace'] } }));
    const first = actions.value.find((a) => a.kind === 'quickfix');
    const ratio = (ms: number) => (Number.isNaN(raw) ? `${ms} ms` : `${ms} ms (${(ms / Math.max(1, raw)).toFixed(2)}×)`);
    const resolve = first ? ratio((await time(() => o.service.resolveCodeAction(first))).ms) : '–';
    const floor = first && !Number.isNaN(raw) ? fixFloor(text, first.title) : '–';
    console.log(`| ${name} | ${Number.isNaN(raw) ? '–' : `${raw} ms`} | ${ratio(diagnostics.ms)} | ${hover.ms} ms | ${lens.ms} ms | ${timeline.ms} ms | ${actions.ms} ms | ${resolve} | ${first?.title ?? '–'} | ${floor} |`);
  }
}

void main();
