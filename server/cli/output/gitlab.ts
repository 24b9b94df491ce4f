/**
 * GitLab Code Quality report (artifacts:reports:codequality): a JSON array of issues with
 * description, check_name, fingerprint, severity and location.path / location.lines.begin, the
 * fields GitLab documents (docs.gitlab.com/ci/testing/code_quality, "Code Quality report format").
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import type { Severity } from '../../../shared/rules';
import type { JsonFile } from './report';

/** GitLab's scale is info, minor, major, critical, blocker. */
const SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'major', information: 'minor', hint: 'info' };

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

/** GitLab wants paths relative to the repository root: the working directory of the CI job. */
function repoPath(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  return rel.split(sep).join('/').replace(/^\.\//, '');
}

/**
 * The fingerprint names the finding, not its line, so an issue keeps its identity when lines move
 * above it; a counter tells apart equal findings of one object.
 */
export function toGitLab(files: JsonFile[], cwd = process.cwd()): CodeQualityIssue[] {
  const seen = new Map<string, number>();
  return files.flatMap((file) =>
    file.findings.map((f) => {
      const path = repoPath(file.path, cwd);
      const key = [path, f.rule, f.object, f.container ?? ''].join('\0');
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      return {
        description: f.message,
        check_name: f.rule,
        fingerprint: createHash('sha256').update(`${key}\0${n}`).digest('hex'),
        severity: SEVERITY[f.severity],
        location: { path, lines: { begin: f.range.start.line + 1 } },
      };
    }),
  );
}
