/**
 * A platform repository made of the fixtures of test/fixtures/render (sources and licences in its
 * SOURCES.md): `count` apps, taking in turn edge-chart, podinfo's chart, the kustomize base with its
 * overlay, and Online Boutique's chart, each in its own folder, plus a plain manifest. Shared by
 * test/render/concurrent.test.ts and bench/platform.ts.
 */
import { cpSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';

const FIXTURES = join(__dirname, '../fixtures/render');

export type PlatformApp = { kind: 'chart' | 'overlay'; dir: string };

/** Writes the repository under `root` (made if needed); returns its apps, relative to `root`. */
export function writePlatform(root: string, count: number): PlatformApp[] {
  const apps: PlatformApp[] = [];
  for (let i = 0; i < count; i++) {
    const name = `app-${String(i).padStart(2, '0')}`;
    switch (i % 4) {
      case 0:
        cpSync(join(FIXTURES, 'edge-chart'), join(root, 'charts', name), { recursive: true });
        apps.push({ kind: 'chart', dir: `charts/${name}` });
        break;
      case 1:
        // Without its test hooks: their Pod names are random (randAlphaNum), different in every render.
        cpSync(join(FIXTURES, 'podinfo/charts/podinfo'), join(root, 'charts', name), { recursive: true, filter: (src) => !src.includes(`${sep}tests`) });
        apps.push({ kind: 'chart', dir: `charts/${name}` });
        break;
      case 2:
        cpSync(join(FIXTURES, 'kustomize/base'), join(root, 'deploy', name, 'base'), { recursive: true });
        cpSync(join(FIXTURES, 'kustomize/overlay'), join(root, 'deploy', name, 'overlay'), { recursive: true });
        apps.push({ kind: 'overlay', dir: `deploy/${name}/overlay` });
        break;
      default:
        cpSync(join(FIXTURES, 'microservices-demo/helm-chart'), join(root, 'charts', name), { recursive: true });
        apps.push({ kind: 'chart', dir: `charts/${name}` });
    }
  }
  cpSync(join(FIXTURES, '../liveness-port.yml'), join(root, 'plain.yaml'));
  writeFileSync(join(root, 'README.md'), '# a platform repository made for the tests\n');
  return apps;
}
