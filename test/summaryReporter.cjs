// Mocha's spec reporter, plus one closing line "N passed, N failed" that CI reads.
'use strict';
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const label = process.env.CORROBORATE_TEST_LAYER || 'unit';
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats;
      process.stdout.write(`${label}: ${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ''}\n`);
    });
  }
}
module.exports = SummaryReporter;
