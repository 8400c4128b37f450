// The jest suite that exercises tests/fixtures/js's global setup and teardown
// the way a user's jest.config would name them.
'use strict';

const path = require('node:path');

const fixtures = path.resolve(__dirname, '../../../fixtures/js');

module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/*.test.cjs'],
  testEnvironment: 'node',
  globalSetup: path.join(fixtures, 'jest-global-setup.cjs'),
  globalTeardown: path.join(fixtures, 'jest-global-teardown.cjs'),
  testTimeout: 60000,
};
