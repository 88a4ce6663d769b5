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
