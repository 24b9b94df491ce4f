/**
 * The mapping of a rendered path back to a template, without running helm: masking keeps every
 * offset, and the walk follows literal keys, if/else branches, includes and values — or gives up.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { ChartFiles } from '../../server/render/helm/chart';
import { parseTemplate } from '../../server/render/helm/gotemplate';
import { locateInChart } from '../../server/render/helm/helmmap';
import { pathAt, type Segment } from '../../server/render/nodepath';

describe('masking a template', () => {
  it('keeps length and line breaks; a standalone action becomes a comment, an inline one x', () => {
    const text = 'a:\n  {{- if .Values.on }}\n  b: {{ .Values.b | quote }}\n  {{- end }}\n';
    const t = parseTemplate(text);
    assert.equal(t.masked.length, text.length);
    assert.deepEqual(t.masked.split('\n').map((l) => l.length), text.split('\n').map((l) => l.length));
    assert.match(t.masked, /^a:\n {2}# +\n {2}b: x+\n {2}# +\n$/);
    assert.deepEqual(t.blocks.map((b) => [b.kind, b.arg]), [['if', '.Values.on']]);
  });

  it('gives `| nindent N` actions their output column and finds named templates', () => {
    const t = parseTemplate('{{- define "x.labels" -}}\napp: web\n{{- end }}\nmetadata:\n  labels:\n    {{- include "x.labels" . | nindent 4 }}\n');
    assert.deepEqual([...t.defines.keys()], ['x.labels']);
    assert.equal(t.actions.find((a) => a.body.startsWith('include'))!.indent, 4);
  });
});

function chart(files: Record<string, string>): ChartFiles {
  return new ChartFiles('/c', 'c', [], [], (p) => files[p]);
}

/** The chart line for the rendered text `at` (from its `skip`-th character on). */
function find(files: Record<string, string>, rendered: string, at: string, skip = 0, template = '/c/templates/t.yaml') {
  const doc = parseDocument(rendered);
  const start = rendered.indexOf(at) + skip;
  const path = pathAt(doc.contents, { start, end: rendered.indexOf(at) + at.length })!;
  const spot = locateInChart(chart(files), { file: template, rendered: doc.contents, kind: 'Deployment' }, path.segments, path.part);
  return spot && `${spot.file}:${files[spot.file]!.slice(0, spot.span.start).split('\n').length}`;
}

const RENDERED = `kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: web
          lifecycle:
            preStop:
              sleep:
                seconds: 1
`;

describe('mapping a rendered path to the chart', () => {
  it('an if/else around the preStop: the branch that agrees with the rendered values', () => {
    const template = `kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: web
          lifecycle:
            {{- if .Values.slow }}
            preStop:
              sleep:
                seconds: 40
            {{- else }}
            preStop:
              sleep:
                seconds: 1
            {{- end }}
`;
    assert.equal(find({ '/c/templates/t.yaml': template }, RENDERED, 'seconds: 1', 'seconds: '.length), '/c/templates/t.yaml:15');
  });

  it('a tie between branches gives no location rather than a guess', () => {
    const template = `kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: web
          lifecycle:
            {{- if .Values.slow }}
            preStop:
              sleep:
                seconds: {{ .Values.a }}
            {{- else }}
            preStop:
              sleep:
                seconds: {{ .Values.b }}
            {{- end }}
`;
    assert.equal(find({ '/c/templates/t.yaml': template }, RENDERED, 'preStop'), undefined);
  });

  it('lifecycle from toYaml under `with .Values.lifecycle`, in a named template: the values line', () => {
    const files = {
      '/c/templates/t.yaml': 'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        {{- include "c.web" . | nindent 8 }}\n',
      '/c/templates/_helpers.tpl': '{{- define "c.web" -}}\n- name: web\n  {{- with .Values.lifecycle }}\n  lifecycle:\n    {{- toYaml . | nindent 4 }}\n  {{- end }}\n{{- end }}\n',
      '/c/values.yaml': 'lifecycle:\n  preStop:\n    sleep:\n      seconds: 1\n',
    };
    // ChartFiles looks for named templates on disk; give it the helper's folder through the map.
    const c = chart(files);
    (c as unknown as { defineFile: (n: string) => string }).defineFile = () => '/c/templates/_helpers.tpl';
    const doc = parseDocument(RENDERED);
    const at = RENDERED.indexOf('seconds: 1') + 9;
    const path = pathAt(doc.contents, { start: at, end: at + 1 })!;
    const spot = locateInChart(c, { file: '/c/templates/t.yaml', rendered: doc.contents, kind: 'Deployment' }, path.segments as Segment[], path.part)!;
    assert.equal(`${spot.file}:${files['/c/values.yaml'].slice(0, spot.span.start).split('\n').length}`, '/c/values.yaml:4');
    assert.equal(spot.origin, 'values');
  });

  it('inside range the dot is unknown: no location', () => {
    const template = 'kind: Deployment\nspec:\n  template:\n    spec:\n      {{- range .Values.x }}\n      containers:\n        {{- toYaml .containers | nindent 8 }}\n      {{- end }}\n';
    assert.equal(find({ '/c/templates/t.yaml': template }, RENDERED, 'preStop'), undefined);
  });
});
