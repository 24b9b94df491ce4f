/**
 * The workspace index in memory: which files a Service or Ingress change affects (their stamps
 * change and listeners hear of them), open documents over the disk, and what lies outside.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/engine/positions';
import { folderOf } from '../../server/workspace/folders';
import { WorkspaceIndex } from '../../server/workspace/index';
import { factsOf } from '../yaml/helpers';
import { DEPLOYMENT, INGRESS, SERVICE } from './fixture';

const uri = (name: string) => `file:///ws/${name}`;
const OTHER = DEPLOYMENT.replace(/web/g, 'api');

function workspace() {
  const index = new WorkspaceIndex();
  index.addFolder(folderOf('file:///ws', { '**/skip': true })!);
  const heard: Array<string[] | 'all'> = [];
  index.onDidChange((uris) => heard.push(uris === 'all' ? uris : [...uris].sort()));
  index.setFromDisk(uri('deploy.yaml'), DEPLOYMENT);
  index.setFromDisk(uri('api.yaml'), OTHER);
  return { index, heard, stamps: () => [index.stampOf(uri('deploy.yaml')), index.stampOf(uri('api.yaml'))] };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const others = (index: WorkspaceIndex, of: string) => index.others(uri(of)).map((o) => o.file.replace('file:///ws/', ''));

test('a Service affects the files whose pod templates it selects, once per turn', async () => {
  const { index, heard, stamps } = workspace();
  assert.deepEqual(stamps(), [0, 0]);
  index.setFromDisk(uri('service.yaml'), SERVICE);
  const [deploy, api] = stamps();
  assert.ok(deploy! > 0);
  assert.equal(api, 0);
  index.setFromDisk(uri('service.yaml'), SERVICE);
  assert.deepEqual(stamps(), [deploy, 0], 'the same text again changes nothing');
  await turn();
  assert.deepEqual(heard, [[uri('deploy.yaml')]]);
  assert.deepEqual(others(index, 'deploy.yaml'), ['service.yaml']);
  assert.deepEqual(others(index, 'service.yaml'), [], 'a file is not its own other');
});

test('a Service that stops selecting, a deleted Service, an Ingress to a selecting Service', async () => {
  const { index, heard, stamps } = workspace();
  index.setFromDisk(uri('service.yaml'), SERVICE);
  let last = stamps()[0]!;
  index.setFromDisk(uri('service.yaml'), SERVICE.replace('{app: web}', '{app: api}'));
  assert.ok(stamps()[0]! > last && stamps()[1]! > 0, 'both the pods it left and the pods it now selects');
  last = stamps()[0]!;
  index.setFromDisk(uri('ingress.yaml'), INGRESS.replace('name: web, port', 'name: nothing, port'));
  assert.equal(stamps()[0], last, 'an Ingress to no selecting Service affects nothing');
  index.setFromDisk(uri('service.yaml'), SERVICE);
  index.setFromDisk(uri('ingress.yaml'), INGRESS);
  last = stamps()[0]!;
  index.setFromDisk(uri('ingress.yaml'), INGRESS.replace('timeout_seconds=5', 'timeout_seconds=60'));
  assert.ok(stamps()[0]! > last, 'an Ingress routing to Service/web affects the web pods');
  last = stamps()[0]!;
  index.remove(uri('service.yaml'));
  assert.ok(stamps()[0]! > last);
  assert.deepEqual(others(index, 'deploy.yaml'), ['ingress.yaml']);
  await turn();
  assert.ok(heard.length > 0);
});

test('an open document overrides the disk until it is closed', () => {
  const { index, stamps } = workspace();
  index.setFromDisk(uri('service.yaml'), SERVICE);
  const edited = SERVICE.replace('{app: web}', '{app: nothing}');
  const last = stamps()[0]!;
  index.setOpen(uri('service.yaml'), factsOf(edited), new LineIndex(edited));
  assert.ok(stamps()[0]! > last);
  index.setFromDisk(uri('service.yaml'), SERVICE);
  index.remove(uri('service.yaml'));
  assert.deepEqual(index.others(uri('deploy.yaml'))[0]!.services[0]!.selector, { app: 'nothing' }, 'the disk does not win while open');
  index.closeDocument(uri('service.yaml'));
  index.setFromDisk(uri('service.yaml'), SERVICE);
  assert.deepEqual(index.others(uri('deploy.yaml'))[0]!.services[0]!.selector, { app: 'web' });
});

test('outside the folders, excluded, or under node_modules: not indexed, and analysed alone', () => {
  const { index } = workspace();
  index.setFromDisk('file:///elsewhere/service.yaml', SERVICE);
  index.setFromDisk(uri('node_modules/chart/service.yaml'), SERVICE);
  index.setFromDisk(uri('skip/service.yaml'), SERVICE);
  index.setOpen('untitled:Untitled-1', factsOf(SERVICE), new LineIndex(SERVICE));
  assert.deepEqual(others(index, 'deploy.yaml'), []);
  index.setFromDisk(uri('service.yaml'), SERVICE);
  assert.deepEqual(index.others('file:///elsewhere/deploy.yaml'), []);
  assert.deepEqual(index.others('untitled:Untitled-2'), []);
  assert.equal(index.size, 3, 'deploy.yaml, api.yaml, service.yaml');
});

test('related ranges of an indexed Service are kept without its text; removing a folder drops its files', async () => {
  const { index, heard } = workspace();
  index.setFromDisk(uri('service.yaml'), SERVICE);
  const [entry] = index.others(uri('deploy.yaml'));
  assert.deepEqual(entry!.ranges.rangeOf(entry!.services[0]!.nameSpan!), { start: { line: 4, character: 8 }, end: { line: 4, character: 11 } });
  assert.equal(entry!.ranges.rangeOf({ start: 1, end: 2 }), undefined);
  await turn();
  heard.length = 0;
  const before = index.stampOf(uri('deploy.yaml'));
  index.removeFolder('file:///ws');
  assert.equal(index.size, 0);
  assert.equal(index.covers(uri('deploy.yaml')), false);
  assert.ok(index.stampOf(uri('deploy.yaml')) > before, 'its documents are analysed again, alone');
  assert.ok(index.stampOf(uri('never-indexed.yaml')) > before, 'even those the index never saw');
  await turn();
  assert.deepEqual(heard, ['all']);
});

test('related objects: a selecting budget affects its pods only; a NodePool or BackendConfig change reaches every file', async () => {
  const { index, heard, stamps } = workspace();
  const pdb = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec: {minAvailable: 1, selector: {matchLabels: {app: web}}}\n';
  index.setFromDisk(uri('pdb.yaml'), pdb);
  const [deploy, api] = stamps();
  assert.ok(deploy! > 0);
  assert.equal(api, 0, 'the budget selects only the web pods');
  assert.deepEqual(others(index, 'deploy.yaml'), ['pdb.yaml'], 'a file with only related objects is another file too');
  await turn();
  heard.length = 0;
  const pool = (grace: string) => `apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec:\n  template:\n    spec:\n      terminationGracePeriod: ${grace}\n`;
  index.setFromDisk(uri('pool.yaml'), pool('1m'));
  assert.ok(stamps().every((s) => s > deploy!), 'a NodePool applies to every workload');
  await turn();
  assert.deepEqual(heard, ['all']);
  const before = stamps();
  index.setFromDisk(uri('pool.yaml'), pool('1m'));
  assert.deepEqual(stamps(), before, 'the same text again changes nothing');
  index.setFromDisk(uri('backend.yaml'), 'apiVersion: cloud.google.com/v1\nkind: BackendConfig\nmetadata: {name: slow}\nspec: {connectionDraining: {drainingTimeoutSec: 600}}\n');
  assert.ok(stamps().every((s, i) => s > before[i]!));
});
