/**
 * Which source file a failed render is reported on: the template helm names with a line
 * (`template: chart/templates/x.yaml:12:5: executing …`, `parse error at (chart/templates/x.yaml:3)`,
 * `execution error at (chart/templates/x.yaml:3:4)`), else the chart's Chart.yaml; for an overlay,
 * its kustomization file. One failure, one place: the files of a chart do not each repeat it.
 */
import { join, resolve } from 'node:path';
import { chartName } from './helm/helm';
import { kustomizationFile } from './kustomize/kustomize';
import type { RenderRequest } from './project';

export interface FailureSpot {
  /** Absolute path of the file the failure is reported on. */
  file: string;
  /** 0-based line in that file. */
  line: number;
}

// A chart-relative path followed by `:line`: helm's template and parse errors.
const HELM_AT = /([\w.@-]+(?:\/[\w.@-]+)*\/templates\/[^\s:()"]+):(\d+)/;

export function failureSpot(request: RenderRequest, message: string): FailureSpot {
  const dir = resolve(request.dir);
  if (request.kind === 'overlay') return { file: kustomizationFile(dir) ?? join(dir, 'kustomization.yaml'), line: 0 };
  const at = HELM_AT.exec(message);
  if (at) {
    const name = chartName(dir);
    const rest = at[1].startsWith(`${name}/`) ? at[1].slice(name.length + 1) : undefined;
    if (rest !== undefined) return { file: resolve(dir, rest), line: Math.max(0, Number(at[2]) - 1) };
  }
  return { file: join(dir, 'Chart.yaml'), line: 0 };
}
