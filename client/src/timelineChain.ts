/**
 * The "Budget chain" section of the timeline page (issue 16; rule book N3, G6, M1, K1/SC2): each
 * link with ✓ or ✗, the broken ones emphasised, each term with where its number comes from. A line
 * is a `command:` link that opens its file there: the page runs no script, and the panel allows
 * command URIs for `kubegrace.openLocation` only (timelineView.ts). Pure (no `vscode` import).
 */
import { INTERNAL_COMMANDS, type ChainLinkView, type ChainSourceView, type ChainTermView, type Place } from '../../shared/protocol';
import { escapeXml } from './timelineSvg';

/** The only commands the page's links may run: the panel's `enableCommandUris` (timelineView.ts). */
export const PAGE_COMMANDS: readonly string[] = [INTERNAL_COMMANDS.openLocation];

export const CHAIN_STYLE = `
.chain li { margin: 6px 0; }
.chain .broken { border-left: 3px solid var(--vscode-errorForeground); padding-left: 6px; font-weight: 600; }
.chain .mark { display: inline-block; width: 1.2em; }
.chain .holds .mark { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
.chain .broken .mark { color: var(--vscode-errorForeground); }
.chain .sources { font-weight: normal; color: var(--vscode-descriptionForeground); }
`;

/** The last segment of a URI, decoded: a link's label here, the file in the page's summary line. */
export function fileName(uri: string): string {
  const last = uri.replace(/[?#].*$/, '').replace(/^.*\//, '');
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * A command URI that opens `place`: VS Code runs `command:<id>?<args>` links of a webview, the
 * arguments a JSON array, URI-encoded, when the panel's `enableCommandUris` lists the command.
 */
export function openLocationHref(place: Place): string {
  return `command:${INTERNAL_COMMANDS.openLocation}?${encodeURIComponent(JSON.stringify([place.uri, place.line]))}`;
}

function sourceHtml(source: ChainSourceView): string | undefined {
  if (source.kind === 'setting') return `${source.what ? `${escapeXml(source.what)}, ` : ''}setting <code>kubegrace.${escapeXml(source.setting)}</code>`;
  if (source.kind === 'default') return escapeXml(source.text);
  // A line whose file is no longer indexed: its label alone would point nowhere.
  if (!source.place) return undefined;
  const label = `${fileName(source.place.uri)}:${source.place.line + 1}`;
  return `${escapeXml(source.what)} <a href="${escapeXml(openLocationHref(source.place))}" title="Open ${escapeXml(label)}">${escapeXml(label)}</a>`;
}

function termHtml(term: ChainTermView): string {
  const sources = term.sources.map(sourceHtml).filter((s): s is string => s !== undefined);
  return `${escapeXml(term.text)}${sources.length ? ` <span class="sources">(${sources.join('; ')})</span>` : ''}`;
}

function linkHtml(link: ChainLinkView): string {
  const terms = `${link.left.map(termHtml).join(' + ')} ≤ ${link.right.map(termHtml).join(' + ')}`;
  return link.holds
    ? `<li class="holds"><span class="mark" aria-label="holds">✓</span>${terms}</li>`
    : `<li class="broken"><span class="mark" aria-label="breaks">✗</span><strong>${terms}</strong></li>`;
}

/** The section, or nothing when the workload has no chain (no Service selects its pods). */
export function chainSection(chain: ChainLinkView[] | undefined): string {
  if (!chain?.length) return '';
  const broken = chain.filter((l) => !l.holds).length;
  const lead = broken === 0 ? 'Every link holds.' : `The chain breaks at ${broken === 1 ? 'the link marked ✗' : `the ${broken} links marked ✗`}: start there.`;
  return `<h3>Budget chain</h3><p class="summary">${lead}</p><ul class="chain">${chain.map(linkHtml).join('')}</ul>`;
}
