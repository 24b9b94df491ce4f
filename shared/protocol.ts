/**
 * Names shared by the client and the server: custom LSP methods, commands, the diagnostic source.
 * Plain strings and plain types only, so both sides import them and nothing is typed twice.
 */
import type { WorkloadTimeline } from './model/output';

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
}

/** Commands the client registers. */
export const COMMANDS = {
  showTimeline: 'kubegrace.showTimeline',
  restartServer: 'kubegrace.restartServer',
  showOutput: 'kubegrace.showOutput',
} as const;

/** Arguments the code lens passes to `kubegrace.showTimeline`. */
export interface ShowTimelineArgs {
  uri: string;
  position: { line: number; character: number };
}
