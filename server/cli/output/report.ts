/**
 * Turns file analyses into the CLI's text and JSON outputs. The JSON shapes are a contract for
 * other tools: keep them stable.
 */
import type { FileAnalysis } from '../../engine/analyze';
import { LineIndex, type Range } from '../../engine/positions';
import type { Severity } from '../../../shared/rules';
import { chainLines, pathLines, timelineChart, timelineTable, seconds, signalLines, type PlaceOf } from '../../../shared/timeline-text';
import type { ChainLink, ChainSource } from '../../../shared/model/output';
import { paint as paintWith, type Paint } from './color';

export interface JsonFinding {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  object: string;
  container?: string;
  fixes: string[];
}

export interface JsonFile {
  path: string;
  findings: JsonFinding[];
  errors: string[];
  /** Documents not checked on purpose (larger than Kubernetes stores); only present when there are some. */
  notices?: string[];
}

/** Parse problems, worded for people: unrendered templates are named as such. */
function parseErrors(path: string, text: string, analysis: FileAnalysis, index: LineIndex): string[] {
  const template = /\{\{[^}]*\}\}/.test(text);
  return analysis.parseErrors.filter((e) => !e.notice).map((e) => {
    const at = index.positionAt(e.span.start);
    const why = template ? 'looks like an unrendered template; render it first (helm template, kustomize build)' : e.message.split('\n')[0];
    return `${path}:${at.line + 1}:${at.character + 1}: document skipped: ${why}`;
  });
}

export function checkFile(path: string, text: string, analysis: FileAnalysis): JsonFile {
  const index = new LineIndex(text);
  const findings = analysis.workloads.flatMap(({ analysis: a }) =>
    a.findings.map((f): JsonFinding => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      range: index.rangeOf(f.span),
      object: f.object,
      ...(f.container !== undefined ? { container: f.container } : {}),
      fixes: f.fixes.map((x) => x.id),
    })),
  );
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const notices = analysis.parseErrors.filter((e) => e.notice).map((e) => {
    const at = index.positionAt(e.span.start);
    return `${path}:${at.line + 1}:${at.character + 1}: information: ${e.message}`;
  });
  return { path, findings, errors: parseErrors(path, text, analysis, index), ...(notices.length > 0 ? { notices } : {}) };
}

export function checkText(files: JsonFile[], paint: Paint = paintWith(false)): string {
  return files
    .flatMap((file) =>
      file.findings.map((f) => `${paint.bold(`${file.path}:${f.range.start.line + 1}:${f.range.start.character + 1}`)}: ${paint.severity(f.severity, f.severity)} ${paint.dim(f.rule)}: ${f.message}`),
    )
    .join('\n');
}

/** What `explain` shows, as data: times in seconds from the start of termination; estimates say so. */
export interface JsonWorkload {
  path: string;
  object: string;
  gracePeriodSeconds: number;
  graceDefaulted: boolean;
  serviceOutSeconds: number;
  serviceOutSources: Array<{ description: string; seconds: number; setting: string }>;
  /** The estimated shutdown time of the application, and whether the setting or the annotation gave it. */
  shutdownSeconds: number;
  shutdownSource: 'setting' | 'annotation';
  containers: Array<{
    name: string;
    role: string;
    preStopSeconds: number;
    preStopExact: boolean;
    preStopEnd: number;
    stopSignal: string;
    sigtermAt: number;
    sigkillAt: number;
    /** Seconds between the stop signal and SIGKILL (the "drain" column). */
    drainSeconds: number;
    /** Estimated exit (the "exit (est.)" column); `killed` when SIGKILL comes first. */
    estimatedExitAt: number;
    killed: boolean;
    /** Set on a mesh proxy the manifest does not show (the mesh's webhook adds it). */
    injectedBy?: string;
  }>;
  /** Other ways the pod stops whose outcome differs from a plain delete (liveness restart, node drain). */
  paths?: Array<{ kind: string; container?: string; graceSeconds?: number; blocked?: boolean; text: string }>;
  /**
   * For a served workload: each link of traffic ≤ preStop, preStop + drain ≤ grace, app ≤ proxy, with
   * its terms and where each term's number comes from (`path` and 1-based `line`, a setting, a default).
   */
  budgetChain?: Array<{ holds: boolean; text: string; terms: JsonChainTerm[] }>;
}

export interface JsonChainTerm {
  side: 'left' | 'right';
  text: string;
  sources: Array<{ path: string; line: number; what: string } | { setting: string } | { default: string }>;
}

/** Finds the text of a file of the run (checked or `--context`), for lines in other files. */
export type LinesOf = (path: string) => LineIndex | undefined;

/** Line indexes of the run's files by path, each built when first asked for. */
export function linesOfRun(sources: Array<{ path: string; text: string }>): LinesOf {
  const texts = new Map(sources.map((s) => [s.path, s.text]));
  const built = new Map<string, LineIndex>();
  return (path) => {
    const text = texts.get(path);
    if (text === undefined) return undefined;
    const index = built.get(path) ?? new LineIndex(text);
    built.set(path, index);
    return index;
  };
}

/** Where a chain term's line is, as `path` and 1-based `line`; undefined when it cannot be told. */
export type Where = (source: Extract<ChainSource, { kind: 'line' }>) => { path: string; line: number } | undefined;

/**
 * `Where` for a plain file of the run: spans are offsets into its `text`, or into another file of
 * the run (`source.file`).
 */
export function whereInRun(path: string, text: string, linesOf: LinesOf | undefined): Where {
  let own: LineIndex | undefined;
  return (source) => {
    const file = source.file ?? path;
    if (file === path && !own) own = new LineIndex(text);
    const index = file === path ? own : linesOf?.(file);
    return index ? { path: file, line: index.positionAt(source.span.start).line + 1 } : undefined;
  };
}

const NOWHERE: Where = () => undefined;

function chainJson(chain: ChainLink[], place: Where): NonNullable<JsonWorkload['budgetChain']> {
  const term = (side: JsonChainTerm['side']) => (x: ChainLink['left'][number]): JsonChainTerm => ({
    side,
    text: x.text,
    sources: x.sources.flatMap((s): JsonChainTerm['sources'] => {
      if (s.kind === 'setting') return [{ setting: s.setting }];
      if (s.kind === 'default') return [{ default: s.text }];
      const at = place(s);
      return at ? [{ ...at, what: s.what }] : [];
    }),
  });
  return chain.map((l) => ({ holds: l.holds, text: l.text, terms: [...l.left.map(term('left')), ...l.right.map(term('right'))] }));
}

/** `where` names the lines of the budget chain's terms (whereInRun, or the rendered mapping of charts). */
export function explainFile(path: string, analysis: FileAnalysis, where: Where = NOWHERE): JsonWorkload[] {
  const place = where;
  return analysis.workloads.map(({ analysis: { timeline: t } }) => ({
    path,
    object: t.object,
    gracePeriodSeconds: t.gracePeriodSeconds,
    graceDefaulted: t.graceDefaulted,
    serviceOutSeconds: t.serviceOutSeconds,
    serviceOutSources: t.serviceOutSources.map((s) => ({ description: s.description, seconds: s.seconds, setting: s.setting })),
    shutdownSeconds: t.shutdownSeconds,
    shutdownSource: t.shutdownSource,
    containers: t.containers.map((c) => ({
      name: c.name,
      role: c.role,
      preStopSeconds: c.preStop.seconds,
      preStopExact: c.preStop.kind !== 'at-least',
      preStopEnd: c.preStopEnd,
      stopSignal: c.stopSignal,
      sigtermAt: c.sigtermAt,
      sigkillAt: c.sigkillAt,
      drainSeconds: c.drainWindow,
      estimatedExitAt: c.exitAt,
      killed: c.killed,
      ...(c.implied ? { injectedBy: c.implied.mesh } : {}),
    })),
    ...(t.paths ? { paths: t.paths.map((p) => ({ ...p })) } : {}),
    ...(t.chain ? { budgetChain: chainJson(t.chain, place) } : {}),
  }));
}

export function explainText(path: string, text: string, analysis: FileAnalysis, where: Where = NOWHERE): string {
  const index = new LineIndex(text);
  const at = where;
  const place: PlaceOf = (source) => {
    const found = at(source);
    return found && `${found.path}:${found.line}`;
  };
  return analysis.workloads
    .map(({ input, analysis: { timeline: t, findings } }) => {
      const line = index.positionAt(input.workload.kindSpan.start).line + 1;
      const grace = `grace period ${seconds(t.gracePeriodSeconds)}${t.graceDefaulted ? ' (default)' : ''}`;
      const out = `new requests until ≈${seconds(t.serviceOutSeconds)} (${t.serviceOutSources.map((s) => s.description).join('; ')})`;
      const shutdown = `app shutdown ≈${seconds(t.shutdownSeconds)} (estimate)`;
      const notes = findings.map((f) => `  ${f.severity} ${f.rule}: ${f.message}`);
      const signals = t.containers.flatMap(signalLines).map((l) => `  ${l}`);
      // Gates the user set and planned defaults: results that rest on them say so.
      signals.unshift(...(t.versionNotes ?? []).map((n) => `  assumed: ${n}`));
      const paths = [...(t.chain ? ['Budget chain:', ...chainLines(t, place).map((l) => `  ${l}`)] : []), ...pathLines(t)].map((l) => `  ${l}`);
      return [`${t.object}  ${path}:${line}`, `  ${grace} · ${out} · ${shutdown}`, '', indent(timelineTable(t)), ...(signals.length ? ['', ...signals] : []), ...(paths.length ? ['', ...paths] : []), '', indent(timelineChart(t)), ...(notes.length ? ['', ...notes] : [])].join('\n');
    })
    .join('\n\n');
}

function indent(block: string): string {
  return block
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
