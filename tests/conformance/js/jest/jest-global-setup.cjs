// The fixture file as a user's suite has it, copied next to its tests (here:
// the one in tests/fixtures/js, so the README's `require('./...')` lines are
// the ones this suite runs).
'use strict';

module.exports = require('../../../fixtures/js/jest-global-setup.cjs');
