export type {
  BootstrapDocument,
  BootstrapInstance,
  BootstrapTargetGroup,
  BootstrapTarget,
  BootstrapLoadBalancer,
  BootstrapListener,
  BootstrapRule,
  BootstrapAction,
  BootstrapClassicLoadBalancer,
  BootstrapClassicListener,
  BootstrapTag,
  KeyValue,
} from './bootstrap-document.js';
export { BootstrapError } from './bootstrap-error.js';
export { ELBOW_CONFIG_SCHEMA, ELBOW_CONFIG_SCHEMA_PATH } from './elbow-config-schema.js';
export { loadBootstrapDocuments } from './load-bootstrap-documents.js';
export { applyBootstrapDocuments, BOOTSTRAP_IMAGE_ID } from './apply-bootstrap.js';
export type { ApplyOptions } from './apply-bootstrap.js';
export { applyBootstrapFile } from './apply-bootstrap-file.js';
export type { ElbowTarget } from './elbow-clients.js';
export { exportBootstrapDocument } from './export-bootstrap.js';
export { formatBootstrapDocument } from './format-bootstrap-document.js';
export type { BootstrapFormat } from './format-bootstrap-document.js';
export { importDescribeDumps } from './import-describe-dumps.js';
export type { DumpFile, ImportResult } from './import-describe-dumps.js';
