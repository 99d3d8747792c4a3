#!/usr/bin/env node
'use strict';
// A closed pipe (`corroborate check … | head`) ends the program quietly.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
require('../dist/cli.js').main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
