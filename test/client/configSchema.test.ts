/**
 * The schema of `.kubegrace.yaml` (dist/kubegrace-config.schema.json, built from the manifest's
 * settings by scripts/config-schema.mjs) against the parser of the file (server/engine/config.ts): the keys
 * are the same, and what the schema accepts the parser reads without a problem, and the reverse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { mergeSettings, parseConfig } from '../../server/engine/config';
import { RULE_IDS } from '../../shared/rules';
import { SETTING_KEYS } from '../../shared/settings';
import { RENDER_KEYS } from '../../server/engine/config';

const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const schema = JSON.parse(readFileSync(join(root, pkg.contributes.yamlValidation[0].url), 'utf8'));
// strict off: the schema carries VS Code's keywords (markdownDescription, enumDescriptions, ...).
const validate = new Ajv({ strict: false }).compile(schema);

/** What the parser of the file thinks: its problems and the merged settings' ones. */
function parserProblems(text: string): string[] {
  const config = parseConfig(text, '.kubegrace.yaml');
  return [...config.problems, ...mergeSettings(config, {}).problems];
}

test('the schema has exactly the settings of the file, plus the rendering keys and ignore; every rule id', () => {
  assert.deepEqual(Object.keys(schema.properties).sort(), [...SETTING_KEYS, ...RENDER_KEYS, 'ignore'].sort());
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), [...RULE_IDS].sort());
});

const VALID = [
  'kubernetesVersion: "1.30"\nendpointPropagationSeconds: 10\nrules:\n  readiness-probe-missing: "off"\n  legacy-sidecar: error\nignore:\n  - charts/**\n  - legacy/\n',
  'shutdownSeconds: 0\nalbDeregistrationSeconds: 300\n',
  '{}\n',
  'helmPath: /opt/helm/bin/helm\ncharts:\n  charts/podinfo:\n    values: [charts/podinfo/values-prod.yaml]\n    releaseName: podinfo\n',
];
const INVALID = [
  'kubernetesVersion: "latest"\n',
  'shutdownSeconds: -5\n',
  'rules:\n  no-such-rule: warning\n',
  'rules:\n  prestop-missing: loud\n',
  'gracePeriod: 30\n',
  'ignore: charts/**\n',
];

test('what the schema accepts, the parser reads without a problem', () => {
  for (const text of VALID) {
    assert.equal(validate(parse(text)), true, `${text}: ${JSON.stringify(validate.errors)}`);
    assert.deepEqual(parserProblems(text), [], text);
  }
});

test('what the schema rejects, the parser reports', () => {
  for (const text of INVALID) {
    assert.equal(validate(parse(text)), false, `the schema accepts ${text}`);
    assert.notDeepEqual(parserProblems(text), [], `the parser accepts ${text}`);
  }
});
