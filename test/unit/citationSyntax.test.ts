import { strict as assert } from 'node:assert';
import { citationContext, levelOf } from '../../src/core';
import { KEY_PATTERN } from '../../src/core/drafts/citationSyntax';

describe('citation syntax', () => {
  it('finds the key prefix being typed inside [@ and \\cite{, and nothing elsewhere', () => {
    assert.deepEqual(citationContext('as reported [@smi'), { typed: 'smi', start: 14 });
    assert.deepEqual(citationContext('x [@a; @b:c'), { typed: 'b:c', start: 8 });
    assert.deepEqual(citationContext('\\citep[p.~3]{ab, cd'), { typed: 'cd', start: 17 });
    assert.deepEqual(citationContext('\\footcite{'), { typed: '', start: 10 });
    assert.equal(citationContext('plain text @smith'), undefined);
    assert.equal(citationContext('\\citex{a'), undefined);
  });

  it('accepts the keys a manifest may give, and refuses one that starts with punctuation', () => {
    assert.ok(KEY_PATTERN.test('smith-2020:a/b'));
    assert.ok(KEY_PATTERN.test('Ölund_3'));
    assert.ok(!KEY_PATTERN.test('-smith'));
    assert.ok(!KEY_PATTERN.test('smith 2020'));
  });

  it('shows a cited single-source claim as a hint, unless its code is off', () => {
    assert.equal(levelOf({ code: 'single-source', attributed: true }, 'information'), 'hint');
    assert.equal(levelOf({ code: 'single-source', attributed: true }, 'off'), 'off');
    assert.equal(levelOf({ code: 'single-source', attributed: false }, 'information'), 'information');
    assert.equal(levelOf({ code: 'contradicted', attributed: true }, 'error'), 'error');
  });
});
