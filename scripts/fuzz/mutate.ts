/**
 * Seeded random edits of manifest text, shaped like what breaks parsers and models: huge and odd
 * numbers, deep nesting, cut and duplicated lines, stray indicators, control and non-BMP
 * characters, template braces. The same seed gives the same edits, so a failure can be replayed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SEEDS_DIR = resolve(__dirname, '../../test/fixtures/fuzz');

/** The seed manifests, by file name. */
export function loadSeeds(dir = SEEDS_DIR): Array<{ name: string; text: string }> {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

/** mulberry32: a small, fast, seedable PRNG. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

const NUMBERS = ['0', '-1', '1e9', '9223372036854775807', '9223372036854775808', '99999999999999999999', '.inf', '-.inf', '.nan', '1e309', '0x1F', '0o17', '1_000', '2.5', '"30"', 'null', '~', '!!str 5', '1e-9'];
const SNIPPETS = [
  '[', ']', '{', '}', ': ', '- ', '? ', '#', '&a ', '*a', '<<: *a', '!!map ', '|', '>-', '"', "'", '\t', '\r', '\n', '---\n', '...\n',
  '{{ .Values.x }}', '{{- include "x" . | nindent 4 }}', '\u0000', '\u2028', '\uFEFF', '😀', '\uD800', 'é',
  'sleep 99999999999999999999', 'sleep infinity', 'sleep $DELAY', 'sh -c', '"sleep 5; exec app"',
  'lifecycle: {preStop: {sleep: {seconds: 1e309}}}', 'terminationGracePeriodSeconds: .inf', 'restartPolicy: Always', 'stopSignal: SIGKILL',
];

type Mutation = (text: string, random: Random) => string;

function at(text: string, random: Random): number {
  return random.int(text.length + 1);
}

function lines(text: string): string[] {
  return text.split('\n');
}

const MUTATIONS: Mutation[] = [
  // Replace a number with an odd one.
  (text, random) => {
    const numbers = [...text.matchAll(/(?<=[:\s[,-])\d+(?=[\s,\]}]|$)/gm)];
    if (numbers.length === 0) return text;
    const m = random.pick(numbers);
    return text.slice(0, m.index) + random.pick(NUMBERS) + text.slice(m.index + m[0].length);
  },
  // Insert a snippet anywhere.
  (text, random) => {
    const i = at(text, random);
    return text.slice(0, i) + random.pick(SNIPPETS) + text.slice(i);
  },
  // Delete a range.
  (text, random) => {
    const i = at(text, random);
    return text.slice(0, i) + text.slice(i + 1 + random.int(40));
  },
  // Duplicate, drop or swap lines.
  (text, random) => {
    const l = lines(text);
    const i = random.int(l.length);
    const op = random.int(3);
    if (op === 0) l.splice(i, 0, l[i]!);
    else if (op === 1) l.splice(i, 1);
    else {
      const j = random.int(l.length);
      [l[i], l[j]] = [l[j]!, l[i]!];
    }
    return l.join('\n');
  },
  // Re-indent a line.
  (text, random) => {
    const l = lines(text);
    const i = random.int(l.length);
    l[i] = random.next() < 0.5 ? ` ${l[i]}` : l[i]!.replace(/^ /, '');
    return l.join('\n');
  },
  // Deep nesting, sometimes absurd.
  (text, random) => {
    const depth = random.pick([3, 40, 70, 300, 1000]);
    const open = random.pick(['[', '{a: ', '- ']);
    const close = open === '[' ? ']' : open === '{a: ' ? '}' : '';
    const i = at(text, random);
    return `${text.slice(0, i)}${open.repeat(depth)}x${close.repeat(depth)}${text.slice(i)}`;
  },
  // Repeat a chunk (grows containers, documents, anchors).
  (text, random) => {
    const i = at(text, random);
    const chunk = text.slice(i, i + random.int(200));
    return text.slice(0, i) + chunk.repeat(1 + random.int(20)) + text.slice(i);
  },
  // Truncate.
  (text, random) => text.slice(0, at(text, random)),
];

/** `count` random edits of `text`. */
export function mutate(text: string, random: Random, count = 1 + random.int(4)): string {
  let result = text;
  for (let i = 0; i < count; i++) result = random.pick(MUTATIONS)(result, random);
  return result;
}
