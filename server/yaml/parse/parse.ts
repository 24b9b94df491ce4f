/**
 * Text → YAML documents. A file is split into one chunk per document; each chunk is parsed on
 * first use, and a re-parse of an edited file reuses the parse of every chunk whose text did not
 * change, so the language server only re-parses the document being edited.
 */
import { parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { Span } from '../../../shared/model/facts';
import { indexAnchors } from './anchors';
import type { AnchorIndex } from './anchors';
import { isSkippedKind, prescanKind, splitChunks } from './prescan';
import { MAX_NESTING, nestingDepth } from './depth';
import { documentSizeNotice } from '../../../shared/size';
import { detectStyle } from './style';
import type { IndentStyle } from './style';

/**
 * How Kubernetes reads manifests: sigs.k8s.io/yaml decodes with go-yaml v2, i.e. YAML 1.1 with
 * merge keys, and duplicate keys where the last one wins.
 */
export const PARSE_OPTIONS = {
  keepSourceTokens: true,
  uniqueKeys: false,
  merge: true,
  version: '1.1',
  prettyErrors: false,
  // `toJS()` of a key that is a collection (`{{ include ... }}` of a Helm template parses as one)
  // would otherwise print "Keys with collection values will be stringified" as a process warning,
  // which editors show as an error in the server log. Errors still throw.
  logLevel: 'error',
} as const;

/** A parse problem. Spans are relative to the chunk in ChunkParse, file offsets elsewhere. */
export interface ParseProblem {
  message: string;
  span: Span;
  /** Not an error: the document was left unanalysed on purpose (too large); shown as information. */
  notice?: true;
}

/** The parse of one chunk. Node ranges are relative to the chunk's text. */
export interface ChunkParse {
  doc: Document.Parsed;
  anchors: AnchorIndex;
  /** yaml's errors plus aliases to unknown anchors, relative to the chunk. */
  errors: ParseProblem[];
}

/**
 * The offset-independent part of a chunk: its text and its lazily computed parse. One instance
 * is shared by every version of a file in which the chunk's text is unchanged.
 */
export class ChunkContent {
  /** The top-level kind the text pre-scan found, when it is unambiguous. */
  readonly kind: string | undefined;
  /** True when the kind can hold nothing KubeGrace reads; such a chunk is never parsed. */
  readonly skipped: boolean;
  private result: ChunkParse | undefined;
  private kept: { style: IndentStyle; clean: boolean } | undefined;

  constructor(readonly text: string) {
    this.kind = prescanKind(text);
    this.skipped = this.kind !== undefined && isSkippedKind(this.kind);
  }

  /** True once the chunk has been parsed (never for a skipped chunk). */
  get isParsed(): boolean {
    return this.result !== undefined;
  }

  /**
   * Forgets the parse; the next `parse()` makes it again. The language server keeps facts, not
   * syntax trees: a tree is about a hundred times the size of its text, and a heap of them makes
   * every garbage collection slow.
   */
  release(): void {
    // What a fix needs of the whole tree is kept (a few numbers): its indentation style and
    // whether the document parsed cleanly. A later fix then parses only the part it edits.
    if (this.result && !this.kept) this.kept = { style: detectStyle(this.result.doc, this.text), clean: this.result.errors.length === 0 };
    this.result = undefined;
  }

  /** The indentation style, known once a parse was released; undefined before, or with parse errors. */
  get style(): IndentStyle | undefined {
    return this.kept?.clean ? this.kept.style : undefined;
  }

  /** The chunk's parse, computed on first call; undefined for a skipped chunk. */
  parse(): ChunkParse | undefined {
    if (this.skipped) return undefined;
    this.result ??= parseChunk(this.text);
    return this.result;
  }
}

/** One document of a file: where it starts and its (possibly shared) content. */
export interface Chunk {
  offset: number;
  content: ChunkContent;
}

export interface ParsedFile {
  text: string;
  chunks: Chunk[];
}

/**
 * Splits `text` into documents. Nothing is parsed yet; `extractFacts` parses on demand. With a
 * `previous` parse of the same file, chunks whose text is unchanged reuse its content.
 */
export function parseFile(text: string, previous?: { chunks: readonly Chunk[] }): ParsedFile {
  const split = splitChunks(text);
  const old = previous?.chunks ?? [];
  // An edit changes a run of chunks; the ones before it keep their index and the ones after it keep
  // their index from the end. Comparing those pairs (length first) avoids hashing megabytes of text.
  const same = (chunk: Chunk | undefined, chunkText: string) => chunk !== undefined && chunk.content.text.length === chunkText.length && chunk.content.text === chunkText;
  const chunks = split.map(({ offset, text: chunkText }, i): Chunk => {
    const fromStart = old[i];
    const fromEnd = old[old.length - split.length + i];
    const content = same(fromStart, chunkText) ? fromStart!.content : same(fromEnd, chunkText) ? fromEnd!.content : new ChunkContent(chunkText);
    return { offset, content };
  });
  return { text, chunks };
}

/** Every parse problem of the file with file offsets, parsing the chunks that were not yet. */
export function parseProblems(file: ParsedFile): ParseProblem[] {
  return file.chunks.flatMap((chunk) =>
    (chunk.content.parse()?.errors ?? []).map((problem) => shiftProblem(problem, chunk.offset)),
  );
}

export function shiftProblem(problem: ParseProblem, offset: number): ParseProblem {
  const span = { start: problem.span.start + offset, end: problem.span.end + offset };
  return problem.notice ? { message: problem.message, span, notice: true } : { message: problem.message, span };
}

function parseChunk(text: string): ChunkParse {
  let doc: Document.Parsed;
  // Checked first and on the text alone: a document too large to apply is not worth seconds of parsing.
  const tooLarge = documentSizeNotice(text);
  if (tooLarge) {
    const lineEnd = text.indexOf('\n');
    const problem: ParseProblem = { message: tooLarge, span: { start: 0, end: lineEnd === -1 ? text.length : lineEnd }, notice: true };
    return { doc: parseDocument('', PARSE_OPTIONS), anchors: new Map(), errors: [problem] };
  }
  if (nestingDepth(text) > MAX_NESTING) {
    const problem = { message: `it nests deeper than ${MAX_NESTING} levels`, span: { start: 0, end: Math.min(text.length, 1) } };
    return { doc: parseDocument('', PARSE_OPTIONS), anchors: new Map(), errors: [problem] };
  }
  try {
    doc = parseDocument(text, PARSE_OPTIONS);
  } catch (error) {
    // The parser is recursive; absurdly deep nesting can exhaust the stack. Report, don't crash.
    return { doc: parseDocument('', PARSE_OPTIONS), anchors: new Map(), errors: [crashProblem(error, text)] };
  }
  const errors: ParseProblem[] = doc.errors.map((error) => ({
    message: error.message,
    span: { start: error.pos[0], end: Math.max(error.pos[0], error.pos[1]) },
  }));
  const { anchors, unknown } = indexAnchors(doc);
  for (const alias of unknown) {
    errors.push({ message: `Unknown anchor '${alias.name}' referenced`, span: { start: alias.start, end: alias.end } });
  }
  return { doc, anchors, errors };
}

function crashProblem(error: unknown, text: string): ParseProblem {
  const reason = error instanceof Error ? error.message : String(error);
  return { message: `YAML parser failed: ${reason}`, span: { start: 0, end: Math.min(text.length, 1) } };
}
