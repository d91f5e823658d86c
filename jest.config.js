/** Jest 30 + ts-jest in ESM mode: run with NODE_OPTIONS=--experimental-vm-modules. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  resolver: 'ts-jest-resolver',
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json', diagnostics: false }]
  },
  testMatch: ['**/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.build/'],
  // A hang fails after 2 min (end-to-end files: 5 min, see the setup file): generous for a
  // loaded machine, since no test bets on speed.
  testTimeout: 120_000,
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/timeouts.ts'],
  testSequencer: '<rootDir>/scripts/test-sequencer.mjs',
  // A worker that leaks a timer or socket never exits and is still reported; one that merely
  // takes longer than the default half second to shut down on a loaded machine is not a leak.
  workerGracefulExitTimeout: 10_000
}
