/**
 * SARIF 2.1.0 output for code scanning (GitHub and others): one run, the rules with their help,
 * results with 1-based regions (UTF-16 columns, the SARIF default), related locations, and fixes
 * rendered with the same edits as the editor's quick fixes.
 */
import type * as Sarif from 'sarif';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../../../shared/model/rules/index';
import { RULE_DESCRIPTIONS } from '../../../shared/rule-descriptions';
import type { Finding } from '../../../shared/model/output';
import type { Severity } from '../../../shared/rules';
import { LineIndex } from '../../engine/positions';
import { fixEdits } from '../../yaml/edits';
import type { ParsedFile } from '../../yaml/parse/parse';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export interface SarifFile {
  /** The path as given on the command line (or from a Helm `# Source:` comment), relative or absolute. */
  path: string;
  text: string;
  findings: Finding[];
  /** The parse the findings came from: its documents know their indentation, so a fix parses only the lines it edits. */
  parsed?: ParsedFile;
}

function region(index: LineIndex, span: { start: number; end: number }): Sarif.Region {
  const range = index.rangeOf(span);
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/**
 * A path inside `root` (the repository) as a URI reference relative to it, resolved against SRCROOT;
 * code scanning matches results to the repository's files that way, whichever folder the CLI ran
 * in. Any other path is a file URI.
 */
function artifactIn(root: string): (path: string) => Sarif.ArtifactLocation {
  return (path) => {
    const rel = relative(root, resolve(path));
    if (rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(resolve(path)).href };
    return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  };
}

function fixes(file: SarifFile, finding: Finding, index: LineIndex, artifact: (path: string) => Sarif.ArtifactLocation): Sarif.Fix[] {
  return finding.fixes
    .filter((f) => f.id !== 'ignore-rule')
    .flatMap((fix): Sarif.Fix[] => {
      // `alone`: each fix is checked on a parse of its own document that is then let go. Checking
      // on a copy of one kept parse (the default, for editors that render many fixes of one text)
      // kept every document's tree of the run alive and copied it per fix: SARIF cost 4× the CPU
      // and 3× the memory of JSON on a document of 10,000 anchors (issue 20).
      // With the analysis' parse, whose trees are let go but whose styles are kept, a fix parses
      // only the lines it edits (edits/window.ts).
      const edits = fixEdits(file.text, fix, file.parsed, true);
      if (edits.length === 0) return [];
      return [
        {
          description: { text: fix.title },
          artifactChanges: [{ artifactLocation: artifact(file.path), replacements: edits.map((e) => ({ deletedRegion: region(index, e), insertedContent: { text: e.newText } })) }],
        },
      ];
    });
}

/** `root`: the folder relative URIs start from (the repository root; default the working directory). */
export function toSarif(files: SarifFile[], options: { version: string; helpUri: (rule: string) => string; root?: string }): Sarif.Log {
  const root = resolve(options.root ?? process.cwd());
  const artifact = artifactIn(root);
  const ruleIndex = new Map(RULES.map((r, i) => [r.id as string, i]));
  // Related locations may be in another file of the run (the Service of a Deployment).
  const indexes = new Map(files.map((f) => [f.path, new LineIndex(f.text)]));
  const results: Sarif.Result[] = files.flatMap((file) => {
    const index = indexes.get(file.path)!;
    return file.findings.map((finding): Sarif.Result => ({
      ruleId: finding.rule,
      ruleIndex: ruleIndex.get(finding.rule)!,
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: { artifactLocation: artifact(file.path), region: region(index, finding.span) },
          logicalLocations: [{ name: finding.container ? `${finding.object}/${finding.container}` : finding.object, kind: 'object' }],
        },
      ],
      ...(finding.related.length > 0
        ? {
            relatedLocations: finding.related
              .filter((r) => r.file === undefined || indexes.has(r.file))
              .map((r, id) => {
                const path = r.file ?? file.path;
                return { id, message: { text: r.message }, physicalLocation: { artifactLocation: artifact(path), region: region(indexes.get(path)!, r.span) } };
              }),
          }
        : {}),
      ...(() => {
        const f = fixes(file, finding, index, artifact);
        return f.length > 0 ? { fixes: f } : {};
      })(),
    }));
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubegrace',
            version: options.version,
            semanticVersion: options.version,
            rules: RULES.map((rule) => {
              const text = RULE_DESCRIPTIONS[rule.id];
              return {
                id: rule.id,
                name: rule.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
                shortDescription: { text: text.short },
                fullDescription: { text: text.full },
                helpUri: options.helpUri(rule.id),
                help: { text: `${text.full} See ${options.helpUri(rule.id)}`, markdown: `${text.full}\n\n[Rule documentation](${options.helpUri(rule.id)})` },
                defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
              };
            }),
          },
        },
        // Where SRCROOT is, so that a reader off the runner (or a run from a subfolder) can place the files.
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(root).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
