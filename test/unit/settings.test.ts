import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FINDING_CODES } from '../../src/core';
import { SEVERITY_KEYS, settingsSchema } from '../../src/vscode/settingsSchema';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const props: Record<string, { default: unknown; enum?: string[]; type: string }> = pkg.contributes.configuration.properties;

describe('settings', () => {
  it('declares in package.json exactly the settings of the schema, with the same defaults', () => {
    const fromSchema = Object.keys(settingsSchema.shape).map((k) => `corroborate.${k}`).sort();
    assert.deepEqual(Object.keys(props).sort(), fromSchema);
    for (const [key, field] of Object.entries(settingsSchema.shape)) {
      assert.deepEqual(props[`corroborate.${key}`].default, (field as z.ZodTypeAny).parse(undefined), key);
    }
  });

  it('declares the same allowed values as the schema', () => {
    for (const [key, field] of Object.entries(settingsSchema.shape)) {
      const p = props[`corroborate.${key}`];
      if (!p.enum) continue;
      for (const v of p.enum) assert.ok((field as z.ZodTypeAny).safeParse(v).success, `${key} accepts ${v}`);
      assert.ok(!(field as z.ZodTypeAny).safeParse('not-a-value').success);
    }
  });

  it('has a severity setting for every finding code', () => {
    for (const code of FINDING_CODES) assert.ok(props[`corroborate.severity.${SEVERITY_KEYS[code]}`], code);
  });

  it('takes an archive URL without a password, and refuses one that holds a password or is not postgres://', () => {
    const url = settingsSchema.shape['archive.url'];
    assert.equal(url.parse(undefined), '');
    assert.equal(url.parse('postgres://writer@db.newsroom:5432/archive'), 'postgres://writer@db.newsroom:5432/archive');
    const withPassword = url.safeParse('postgres://writer:s3cret@db.newsroom/archive');
    assert.ok(!withPassword.success);
    assert.match(withPassword.error.issues[0].message, /holds a password/);
    assert.ok(!JSON.stringify(withPassword.error.issues).includes('s3cret'), 'the message does not repeat the password');
    assert.ok(!url.safeParse('mysql://db/archive').success);
  });

  it('rejects values of the wrong type', () => {
    assert.ok(!settingsSchema.shape['check.delay'].safeParse(-5).success);
    assert.ok(!settingsSchema.shape['sources.folders'].safeParse('sources').success);
  });
});
