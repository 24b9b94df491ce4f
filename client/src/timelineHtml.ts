/**
 * The webview page around the chart: a summary, the chart, the findings and the assumptions behind
 * the estimates. Pure (no `vscode` import). The page runs no script: the Content-Security-Policy
 * allows only the styles that carry this render's nonce; the budget chain's links are command URIs
 * (timelineChain.ts), which VS Code runs without a script in the page.
 */
import type { WorkloadTimeline } from '../../shared/model/output';
import type { TimelineResult } from '../../shared/protocol';
import type { Settings } from '../../shared/settings';
import { CHAIN_STYLE, chainSection, fileName } from './timelineChain';
import { escapeXml, renderTimelineSvg, secondsText } from './timelineSvg';

/** A setting id as users write it; typed on `Settings` so a renamed setting breaks the build. */
function setting(key: keyof Settings): string {
  return `<code>kubegrace.${key}</code>`;
}

const PAGE_STYLE = `
body { color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 16px; }
h2 { font-weight: 600; margin-bottom: 4px; }
.summary, .empty p { color: var(--vscode-descriptionForeground); }
svg { max-width: 100%; height: auto; }
code { font-family: var(--vscode-editor-font-family); }
li { margin: 4px 0; }
.severity { font-weight: 600; }
.severity-error .severity { color: var(--vscode-errorForeground); }
.severity-warning .severity { color: var(--vscode-editorWarning-foreground); }
.severity-information .severity { color: var(--vscode-editorInfo-foreground); }
.severity-hint .severity { color: var(--vscode-descriptionForeground); }
`;

/** What the chart assumes, as HTML list items (document text escaped), with the settings that change it. */
export function assumptions(t: WorkloadTimeline): string[] {
  const items: string[] = [];
  for (const source of t.serviceOutSources) {
    const from = setting(source.setting);
    items.push(`New requests may reach the pod for ≈${secondsText(source.seconds)} after termination starts (${escapeXml(source.description)}). Change it with ${from}.`);
  }
  if (!t.selectedByService) items.push('No Service in this file selects the pod; the requests lane shows what would happen if one elsewhere does.');
  items.push(
    t.shutdownSource === 'annotation'
      ? `The application needs ≈${secondsText(t.shutdownSeconds)} after its stop signal (<code>kubegrace/shutdown-seconds</code> annotation).`
      : `The application needs ≈${secondsText(t.shutdownSeconds)} after its stop signal. Change it with ${setting('shutdownSeconds')}, or per workload with the <code>kubegrace/shutdown-seconds</code> annotation.`,
  );
  items.push(
    t.graceDefaulted
      ? `<code>terminationGracePeriodSeconds</code> is not set: the kubelet uses ${secondsText(t.gracePeriodSeconds)}.`
      : `Grace period: ${secondsText(t.gracePeriodSeconds)} (<code>terminationGracePeriodSeconds</code>).`,
  );
  for (const c of t.containers) {
    const name = `<code>${escapeXml(c.name)}</code>`;
    if (c.shutdownSeconds !== t.shutdownSeconds) items.push(`${name} is assumed to need ≈${secondsText(c.shutdownSeconds)} after its stop signal.`);
    if (c.preStop.kind === 'at-least') items.push(`${name}: the preStop hook (${escapeXml(c.preStop.description)}) takes at least ${secondsText(c.preStop.seconds)}; the times after it are lower bounds.`);
    if (c.preStop.drains) items.push(`${name}: the preStop hook (${escapeXml(c.preStop.description)}) drains the application itself, so it is assumed to exit when its stop signal arrives.`);
  }
  if (!t.orderedSidecars && t.containers.some((c) => c.role === 'native-sidecar')) {
    items.push(`Native sidecars stop after the other containers only from Kubernetes 1.29; at the target version (${setting('kubernetesVersion')}) they stop together with them.`);
  }
  items.push(`Which features exist (sleep action, native sidecars, stop signals) follows ${setting('kubernetesVersion')}.`);
  return items;
}

function findings(result: TimelineResult): string {
  if (result.findings.length === 0) return '<p>No findings for this workload.</p>';
  const items = result.findings.map((f) => {
    const container = f.container ? ` (<code>${escapeXml(f.container)}</code>)` : '';
    return `<li class="severity-${escapeXml(f.severity)}"><span class="severity">${escapeXml(f.severity)}</span> <code>${escapeXml(f.rule)}</code>${container}: ${escapeXml(f.message)}</li>`;
  });
  return `<ul class="findings">${items.join('')}</ul>`;
}

function summary(result: TimelineResult): string {
  const t = result.timeline;
  const file = fileName(result.uri);
  return [
    `${file}, line ${result.line + 1}`,
    `grace period ${secondsText(t.gracePeriodSeconds)}${t.graceDefaulted ? ' (default)' : ''}`,
    `new requests until ≈${secondsText(t.serviceOutSeconds)}`,
    `app shutdown ≈${secondsText(t.shutdownSeconds)} (estimate)`,
  ]
    .map(escapeXml)
    .join(' · ');
}

/** The body for a timeline, or for a message (no workload at the cursor, a failed request). */
export type TimelineContent = { result: TimelineResult } | { message: string; detail?: string };

export function renderTimelinePage(content: TimelineContent, nonce: string): string {
  const body =
    'result' in content
      ? [
          `<h2>${escapeXml(content.result.timeline.object)}</h2>`,
          `<p class="summary">${summary(content.result)}</p>`,
          renderTimelineSvg(content.result, { nonce }),
          chainSection(content.result.chain),
          `<h3>Findings</h3>${findings(content.result)}`,
          `<h3>Assumptions</h3><ul class="assumptions">${assumptions(content.result.timeline).map((a) => `<li>${a}</li>`).join('')}</ul>`,
        ].join('\n')
      : `<div class="empty"><h2>${escapeXml(content.message)}</h2>${content.detail ? `<p>${escapeXml(content.detail)}</p>` : ''}</div>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Termination timeline</title>
<style nonce="${nonce}">${PAGE_STYLE}${CHAIN_STYLE}</style>
</head>
<body>
${body}
</body>
</html>`;
}
