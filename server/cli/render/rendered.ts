/**
 * `kubegrace check PATH` on a chart or overlay folder: render it, analyse the output, and report
 * each finding at the source file and line that wrote it. The findings are re-based on their
 * source files (span and message), so the CLI's text, JSON and SARIF outputs need nothing else.
 */
import { readFileSync } from 'node:fs';
import { isDir } from '../../render/discover';
import { join, relative, resolve, sep } from 'node:path';
import type { Finding, FixIntent } from '../../../shared/model/output';
import { mapFix } from '../../render/fixmap';
import type { Settings } from '../../../shared/settings';
import { isIgnored, type Config } from '../../engine/config';
import { configuredToolKeys, requestFor, toolPaths, type ChartFlags } from '../../render/config';
import { analyzeRendered, renderSync, type RenderRequest, type RenderResult } from '../../render/project';
import { RenderError, type ToolPaths } from '../../render/tools';
import { explainFile, explainText, type JsonFile, type JsonFinding, type JsonWorkload, type Where } from '../output/report';
import { LineIndex } from '../../engine/positions';
import { applyEdits } from '../../yaml/edits';
import { unifiedDiff } from '../output/diff';
import { writeSource } from '../read';
import { chooseRenderedFixes, type PendingEdits } from './renderfix';
import type { Prerendered } from './batch';

export interface RenderedFile {
  /** The source file as the user would name it: under the PATH they gave. */
  path: string;
  text: string;
  findings: Finding[];
}

export interface RenderedCheck {
  files: RenderedFile[];
  /** `explain`: each rendered workload's timeline, located at its object's first source line. */
  workloads: Array<{ json: JsonWorkload; text: string }>;
  /** One line per chart or overlay that could not be rendered. */
  errors: string[];
  /** Settings that were not used, said once each (e.g. a program path the run did not allow). */
  notices: string[];
  /** `--fix`: "path: fixed …" (or "would fix") lines. */
  fixed?: string[];
  /** The PATHs that are not charts or overlays, for the usual file checks. */
  rest: string[];
  /** How many of the PATHs were Helm charts (for `-f`/`--set`, which only charts take). */
  charts: number;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The fixes of a rendered finding that edit its own source file as plain YAML (a values file, a
 * base, a patch), re-pointed at that file's nodes: the CLI's SARIF renders them like any file's.
 * Template edits (computed on masked text) and fixes across files stay in the editor.
 */
function sourceFixes(result: RenderResult, m: RenderResult['findings'][number]): FixIntent[] {
  return m.finding.fixes.flatMap((fix) => {
    const mapped = mapFix(fix, result.locate, read);
    if ('reason' in mapped || mapped.changes.size !== 1) return [];
    const own = mapped.changes.get(m.file);
    return own && own.origin !== 'template' ? [{ ...fix, changes: own.changes }] : [];
  });
}

/** A finding moved to its source file: its span, its message, its fixes there; related spans stay behind. */
function rebased(result: RenderResult): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const m of result.findings) {
    const finding: Finding = { ...m.finding, span: m.span, message: m.message, related: [], fixes: sourceFixes(result, m) };
    byFile.set(m.file, [...(byFile.get(m.file) ?? []), finding]);
  }
  return byFile;
}

/** The CLI's rendering flags: the chart options, `--no-render`, and whether the settings file may name programs. */
/** `pending`: with `--fix --dry-run`, the edits chosen over the whole run (renderedDiffs prints them). */
/** `prerendered`: renders done ahead, all at once (batch.ts), by resolved folder; cleared once --fix writes a file. */
export type RenderFlags = ChartFlags & { enabled: boolean; allowConfigTools?: boolean; fix?: 'write' | 'dry-run'; pending?: PendingEdits; prerendered?: Map<string, Prerendered> };

/** `--fix --dry-run`: one unified diff per file the chosen fixes would change (files are unchanged on disk). */
export function renderedDiffs(pending: PendingEdits): string[] {
  return [...pending].map(([file, edits]) => {
    const before = read(file) ?? '';
    return unifiedDiff(relative(process.cwd(), file) || file, before, applyEdits(before, edits)).trimEnd();
  });
}

/**
 * The programs to run for a settings file. Its `helmPath`/`kubectlPath`/`kustomizePath` come from the
 * checked repository, so they are used only when the person running kubegrace allowed it
 * (`--allow-config-tools` or KUBEGRACE_ALLOW_CONFIG_TOOLS=1); otherwise PATH, with a notice.
 */
function programs(config: Config, allowed: boolean, notices: string[]) {
  const keys = configuredToolKeys(config);
  if (keys.length > 0 && !allowed) {
    const file = config.path ? relative(process.cwd(), config.path) || config.path : '.kubegrace.yaml';
    notices.push(`kubegrace: ignored ${keys.join(', ')} of ${file}: a checked repository may not choose the programs kubegrace runs; using PATH (pass --allow-config-tools or set KUBEGRACE_ALLOW_CONFIG_TOOLS=1 to use them)`);
  }
  return toolPaths(config, {}, allowed);
}

/** What a PATH renders as: a chart or overlay folder (not ignored, rendering on), else undefined. */
export function planRequest(given: string, flags: RenderFlags, config: Config): RenderRequest | undefined {
  return flags.enabled && given !== '-' && isDir(given) && !isIgnored(config, given) ? requestFor(given, config, flags) : undefined;
}

/** The programs a settings file's folder renders with (notices of program paths not allowed go to `notices`). */
export function toolsFor(config: Config, flags: RenderFlags, notices: string[]): ToolPaths {
  return programs(config, flags.allowConfigTools === true, notices);
}

/** The render done ahead for a folder, used once: a later render (after --fix) runs the tool again. */
function takePrerendered(flags: RenderFlags, given: string): Prerendered | undefined {
  const key = resolve(given);
  const ready = flags.prerendered?.get(key);
  flags.prerendered?.delete(key);
  return ready;
}

export function checkRendered(paths: string[], flags: RenderFlags, settings: Settings, config: Config): RenderedCheck {
  const out: RenderedCheck = { files: [], workloads: [], errors: [], notices: [], fixed: [], rest: [], charts: 0 };
  const texts = new Map<string, RenderedFile>();
  const pending: PendingEdits = flags.pending ?? new Map();
  for (const given of paths) {
    // A folder the settings file ignores is not rendered either.
    const request = planRequest(given, flags, config);
    if (!request) {
      out.rest.push(given);
      continue;
    }
    if (request.kind === 'chart') out.charts++;
    let result: RenderResult;
    const userPath = (file: string) => join(given, relative(resolve(given), file));
    try {
      let ahead = takePrerendered(flags, given);
      const once = () => {
        const t0 = performance.now();
        const tools = toolsFor(config, flags, out.notices);
        const first = ahead;
        ahead = undefined;
        if (first && 'error' in first) throw first.error;
        const rendered = first ? first.rendered : renderSync(request, settings, tools);
        return analyzeRendered(request, rendered, settings, read, process.cwd(), first ? first.ms : performance.now() - t0);
      };
      result = once();
      if (flags.fix) {
        const chosen = chooseRenderedFixes(result, read, pending);
        for (const c of chosen) out.fixed!.push(`${userPath(c.file)}: ${flags.fix === 'write' ? 'fixed' : 'would fix'} ${c.title}`);
        if (flags.fix === 'write' && chosen.length > 0) {
          // Written now, so the next chart or overlay (and the report) see the fixed files.
          for (const [file, edits] of pending) {
            const problem = writeSource(file, applyEdits(read(file) ?? '', edits));
            if (problem) out.errors.push(`kubegrace: ${problem}`);
          }
          pending.clear();
          // What was rendered ahead may have read the files just written: the rest render again.
          flags.prerendered?.clear();
          result = once();
        }
      }
    } catch (error) {
      // The tool's own message (or the system's, e.g. no temporary folder): one line, no stack.
      const what = request.kind === 'chart' ? `chart ${given}` : `overlay ${given}`;
      const raw = error instanceof RenderError ? error.message : (error as Error).message ?? String(error);
      // Paths under the working folder as the user types them (relative), like the findings' paths.
      const message = process.cwd() === sep ? raw : raw.replaceAll(`${process.cwd()}${sep}`, '');
      out.errors.push(`kubegrace: cannot render ${what}: ${message}`);
      continue;
    }
    for (const w of result.analysis.workloads) {
      const line = result.objectLine(w.input.workload.kindSpan);
      if (!line) continue;
      // The report's own formatting, with the kind's span moved to the object's first source line.
      // Named fields, not a spread: the engine's workloads read their input and analysis through getters.
      const moved = { ...result.analysis, workloads: [{ id: w.id, analysis: w.analysis, input: { ...w.input, workload: { ...w.input.workload, kindSpan: line.span } } }] };
      // Budget-chain lines: each span of the rendered stream mapped to the template, values file,
      // base or patch line that wrote it, as findings are; unmapped spans name no line.
      const where: Where = (source) => {
        const spot = source.file ? undefined : result.locate(source.span);
        const text = spot && read(spot.file);
        return spot && text !== undefined ? { path: userPath(spot.file), line: new LineIndex(text).positionAt(spot.span.start).line + 1 } : undefined;
      };
      out.workloads.push({ json: explainFile(userPath(line.file), moved, where)[0], text: `${explainText(userPath(line.file), read(line.file) ?? '', moved, where)}\n  (${result.label})` });
    }
    for (const [file, findings] of rebased(result)) {
      // Paths under the PATH given, in the user's style (relative stays relative).
      const path = join(given, relative(resolve(given), file));
      const entry = texts.get(path) ?? { path, text: read(file) ?? '', findings: [] };
      entry.findings.push(...findings);
      texts.set(path, entry);
    }
  }
  out.files = [...texts.values()];
  return out;
}

/** A rendered file in the CLI's JSON shape (ranges in the source file). */
export function renderedJson(file: RenderedFile): JsonFile {
  const index = new LineIndex(file.text);
  const findings = file.findings
    .map((f): JsonFinding => ({ rule: f.rule, severity: f.severity, message: f.message, range: index.rangeOf(f.span), object: f.object, ...(f.container !== undefined ? { container: f.container } : {}), fixes: f.fixes.map((x) => x.id) }))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { path: file.path, findings, errors: [] };
}
