// Loaded before tsx (see .mocharc.json): tsx would otherwise keep a compile cache in the system's temporary folder
// (tsx-<uid>), and the unit tests leave nothing behind there.
'use strict';
process.env.TSX_DISABLE_CACHE = '1';
