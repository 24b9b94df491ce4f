/**
 * Names shared by the client and the server: custom LSP methods, commands, the diagnostic source.
 * Plain strings and plain types only, so both sides import them and nothing is typed twice.
 */
import type { ChainLink, ChainSource, WorkloadTimeline } from './model/output';

export const DIAGNOSTIC_SOURCE = 'kubegrace';
export const FIX_ALL_KIND = 'source.fixAll.kubegrace';

/** Request: the timeline of the workload at (or nearest above) a position. */
export const TIMELINE_REQUEST = 'kubegrace/timeline';

/** Client → server: the user trusted the workspace, so charts and overlays may be rendered. */
export const TRUST_NOTIFICATION = 'kubegrace/workspaceTrusted';

export interface TimelineParams {
  uri: string;
  /** LSP position (0-based line, UTF-16 character). */
  position: { line: number; character: number };
}

export interface TimelineResult {
  uri: string;
  /** Document version the timeline was computed from. */
  version: number;
  timeline: WorkloadTimeline;
  /** Findings of that workload, for the webview's list. */
  findings: Array<{ rule: string; severity: string; message: string; container?: string }>;
  /** 0-based line of the workload's `kind:`, to reveal it. */
  line: number;
  /** The budget chain (issue 16) with each line source placed, for the view's links. Absent when the workload is not served. */
  chain?: ChainLinkView[];
}

/** A line of a file: URI and 0-based line, as the protocol counts. */
export interface Place {
  uri: string;
  line: number;
}

/** A source of a chain term as the client gets it: a line carries its place (none when the file is no longer indexed). */
export type ChainSourceView = Exclude<ChainSource, { kind: 'line' }> | { kind: 'line'; what: string; place?: Place };

export interface ChainTermView {
  text: string;
  sources: ChainSourceView[];
}

/** One link of the budget chain, its terms' lines placed. */
export interface ChainLinkView extends Pick<ChainLink, 'id' | 'holds' | 'text'> {
  left: ChainTermView[];
  right: ChainTermView[];
}

/** Commands the client registers. */
export const COMMANDS = {
  showTimeline: 'kubegrace.showTimeline',
  restartServer: 'kubegrace.restartServer',
  showOutput: 'kubegrace.showOutput',
} as const;

/**
 * Commands the client registers for its own pages, not for people: left out of the manifest's
 * `contributes.commands`, so they never show in the palette.
 */
export const INTERNAL_COMMANDS = {
  /** Opens a file at a line (URI, 0-based line): the timeline view's links (command URIs; the page runs no script). */
  openLocation: 'kubegrace.openLocation',
} as const;

/** Arguments the code lens passes to `kubegrace.showTimeline`. */
export interface ShowTimelineArgs {
  uri: string;
  position: { line: number; character: number };
}
