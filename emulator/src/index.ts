export { startElbow } from './start-elbow.js';
export type { RunningElbow, ElbowSnapshot } from './start-elbow.js';
export { OPTION_DEFINITIONS, resolveOptions, defaultOptions, OptionError } from './options.js';
export type { ElbowOptions, LogLevel } from './options.js';
