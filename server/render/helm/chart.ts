/**
 * The source files of a chart as the mapping reads them: templates (masked, see gotemplate.ts),
 * named templates from any file of the chart, and the values files in Helm's order of precedence.
 * File texts come from `read`, so open editors' unsaved text is used.
 */
import { join, relative, resolve, sep } from 'node:path';
import { filesUnder, type ReadFile } from '../source';
import { parseTemplate, type Template } from './gotemplate';

export interface ValuesSource {
  file: string;
  text: string;
}

/** The name under which a mapping that looked up a named template records its dependence on all of them. */
export const DEFINES = '\0defines';

export class ChartFiles {
  private readonly templates = new Map<string, Template | undefined>();
  private defineIndex: Map<string, string> | undefined;

  constructor(
    /** The chart folder, absolute. */
    readonly dir: string,
    readonly name: string,
    /** User values files (absolute), in the order given: later ones win. */
    readonly valuesFiles: string[],
    /** `--set` assignments: keys set there have no file. */
    readonly sets: string[],
    private readonly read: ReadFile,
    /** The release name, for names written as `{{ .Release.Name }}`. */
    readonly releaseName?: string,
    /** Told of every template read (cached or not), and of DEFINES when named templates are looked up. */
    private readonly seen: (file: string) => void = () => undefined,
  ) {}

  private indexing = false;

  /** A `# Source:` path (`chart/templates/x.yaml`) as the file's absolute path. */
  sourceFile(source: string): string {
    const rest = source.startsWith(`${this.name}/`) ? source.slice(this.name.length + 1) : source;
    return resolve(this.dir, rest);
  }

  /** A path of the chart relative to the chart folder, with forward slashes. */
  relative(file: string): string {
    return relative(this.dir, file).split(sep).join('/');
  }

  template(file: string): Template | undefined {
    if (!this.indexing) this.seen(file);
    if (!this.templates.has(file)) {
      const text = this.read(file);
      this.templates.set(file, text === undefined ? undefined : parseTemplate(text));
    }
    return this.templates.get(file);
  }

  /** The file that defines a named template (`define "name"`) in this chart or its unpacked subcharts. */
  defineFile(name: string): string | undefined {
    // The answer depends on every template's defines: one stamp (DEFINES) stands for them all.
    this.seen(DEFINES);
    if (!this.defineIndex) {
      this.defineIndex = new Map();
      this.indexing = true;
      try {
        for (const file of filesUnder(this.dir, 6)) {
          if (!/[\\/]templates[\\/]/.test(file) || !/\.(tpl|ya?ml|txt)$/.test(file)) continue;
          const t = this.template(file);
          for (const key of t?.defines.keys() ?? []) if (!this.defineIndex.has(key)) this.defineIndex.set(key, file);
        }
      } finally {
        this.indexing = false;
      }
    }
    return this.defineIndex.get(name);
  }

  /** Values sources, most important first: the last `-f` file … the chart's values.yaml. */
  values(): ValuesSource[] {
    const files = [...this.valuesFiles].reverse().concat(join(this.dir, 'values.yaml'));
    return files.flatMap((file) => {
      const text = this.read(file);
      return text === undefined ? [] : [{ file, text }];
    });
  }

  /** One values file, when it can be read. */
  valuesFile(file: string): ValuesSource[] {
    const text = this.read(file);
    return text === undefined ? [] : [{ file, text }];
  }

  /** True when a `--set` assignment sets this values path or a part of it. */
  setBySet(path: string[]): boolean {
    const dotted = path.join('.');
    return this.sets.some((s) => {
      const keys = s.split(',').map((a) => a.split('=')[0].replace(/\[\d+\]/g, '').trim());
      return keys.some((k) => k === dotted || dotted.startsWith(`${k}.`) || k.startsWith(`${dotted}.`));
    });
  }
}
