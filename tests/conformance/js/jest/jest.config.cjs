// The jest suite that exercises tests/fixtures/js's global setup and teardown
// the way a user's jest.config would name them: global-setup.cjs starts the
// server through the fixture's setup and seeds a snapshot; two workers run
// the test files at once, each test in its own database where it asks for one.
'use strict';

const path = require('node:path');

const fixtures = path.resolve(__dirname, '../../../fixtures/js');

module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/*.test.cjs'],
  testEnvironment: 'node',
  globalSetup: path.join(__dirname, 'global-setup.cjs'),
  globalTeardown: path.join(fixtures, 'jest-global-teardown.cjs'),
  maxWorkers: 2,
  testTimeout: 60000,
};
