/**
 * scripts/tools-setup.mjs reads layer.zip with Debian's unzip, or without it with its own small
 * reader: that reader on a zip written here byte by byte (one stored and one deflated entry).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';

function zip(entries: Array<{ name: string; data: Buffer; deflate: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

it('the zip reader unpacks stored and deflated entries, and only the ones asked for', async () => {
  const script = join(__dirname, '../../scripts/tools-setup.mjs');
  const { unzipWith } = (await import(script)) as { unzipWith: (zip: string, names: string[], into: string) => void };
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-unzip-'));
  const helm = Buffer.from('#!/bin/sh\necho helm\n'.repeat(100));
  const kubectl = Buffer.from('kubectl binary');
  writeFileSync(join(dir, 'layer.zip'), zip([{ name: 'helm/helm', data: helm, deflate: true }, { name: 'kubectl/kubectl', data: kubectl, deflate: false }, { name: 'other', data: Buffer.from('x'), deflate: false }]));
  unzipWith(join(dir, 'layer.zip'), ['helm/helm', 'kubectl/kubectl'], join(dir, 'out'));
  assert.deepEqual(readFileSync(join(dir, 'out/helm/helm')), helm);
  assert.deepEqual(readFileSync(join(dir, 'out/kubectl/kubectl')), kubectl);
  assert.throws(() => readFileSync(join(dir, 'out/other')));
});
