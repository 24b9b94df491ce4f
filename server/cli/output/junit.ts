/**
 * JUnit XML, the test report most CI systems show (GitLab artifacts:reports:junit, Jenkins, Azure):
 * one test suite per file, one test case per finding. Findings at or above --fail-on are failures;
 * those below pass with their text in system-out, so the report fails exactly when the run does.
 */
import { atLeast, type Severity } from '../../../shared/rules';
import type { JsonFile } from './report';

// biome-ignore lint/suspicious/noControlCharactersInRegex: of the control characters, XML 1.0 allows tab, LF and CR only
const NOT_XML = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

function xml(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest are escaped.
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function toJUnit(files: JsonFile[], failOn: Severity | 'none', page: (rule: string) => string): string {
  const failing = (s: Severity) => failOn !== 'none' && atLeast(s, failOn);
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const suites = files.map((file) => {
    const cases = file.findings.map((f) => {
      const where = `${file.path}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
      const name = `${f.rule} ${f.container ? `${f.object}/${f.container}` : f.object} (line ${f.range.start.line + 1})`;
      const body = `${where}: ${f.severity} ${f.rule}: ${f.message}\nSee ${page(f.rule)}`;
      const inner = failing(f.severity) ? `<failure message="${xml(f.message)}" type="${f.severity}">${xml(body)}</failure>` : `<system-out>${xml(body)}</system-out>`;
      return `    <testcase classname="${xml(file.path)}" name="${xml(name)}">${inner}</testcase>`;
    });
    const parse = file.errors.map((e) => `    <testcase classname="${xml(file.path)}" name="valid YAML"><error message="${xml(e)}" type="parse-error"/></testcase>`);
    const all = cases.length + parse.length === 0 ? [`    <testcase classname="${xml(file.path)}" name="no problems"/>`] : [...cases, ...parse];
    const fileFailures = file.findings.filter((f) => failing(f.severity)).length;
    tests += all.length;
    failures += fileFailures;
    errors += parse.length;
    return `  <testsuite name="${xml(file.path)}" tests="${all.length}" failures="${fileFailures}" errors="${parse.length}">\n${all.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kubegrace" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>`;
}
