// AWS's published regular expression for Athena's ALB access-log table, as the Athena user guide
// gives it in `CREATE EXTERNAL TABLE IF NOT EXISTS alb_access_logs` ('input.regex'):
// https://docs.aws.amazon.com/athena/latest/ug/create-alb-access-logs-table.html
// (AWS's note: keep the trailing `?( .*)?` for fields added later). The string below is the one in
// the DDL (Hive string escapes); `athenaAlbRegex` undoes the escapes and anchors it, as Athena's
// RegexSerDe matches whole lines. Example 02 parses its logs with it, and so do elbow's tests.

/** The `input.regex` text as it stands in AWS's DDL. */
export const ATHENA_ALB_INPUT_REGEX = String.raw`([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*):([0-9]*) ([^ ]*)[:-]([0-9]*) ([-.0-9]*) ([-.0-9]*) ([-.0-9]*) (|[-0-9]*) (-|[-0-9]*) ([-0-9]*) ([-0-9]*) \"([^ ]*) (.*) (- |[^ ]*)\" \"([^\"]*)\" ([A-Z0-9-_]+) ([A-Za-z0-9.-]*) ([^ ]*) \"([^\"]*)\" \"([^\"]*)\" \"([^\"]*)\" ([-.0-9]*) ([^ ]*) \"([^\"]*)\" \"([^\"]*)\" \"([^ ]*)\" \"([^\\s]+?)\" \"([^\\s]+)\" \"([^ ]*)\" \"([^ ]*)\" ?([^ ]*)? ?( .*)?`;

/** The same expression as a JavaScript RegExp matching one whole log line. */
export const athenaAlbRegex = new RegExp(`^${ATHENA_ALB_INPUT_REGEX.replaceAll('\\"', '"').replaceAll('\\\\s', '\\s')}$`);

/**
 * Group numbers of the Athena table's columns in a match (1-based, in the DDL's column order):
 * type, time, elb, client_ip, client_port, target_ip, target_port, ...
 */
export const ATHENA_ALB_GROUPS = Object.freeze({
  type: 1,
  time: 2,
  elb: 3,
  clientIp: 4,
  clientPort: 5,
  targetIp: 6,
  targetPort: 7,
  requestProcessingTime: 8,
  targetProcessingTime: 9,
  responseProcessingTime: 10,
  elbStatusCode: 11,
  targetStatusCode: 12,
  receivedBytes: 13,
  sentBytes: 14,
  requestVerb: 15,
  requestUrl: 16,
  requestProto: 17,
  userAgent: 18,
  sslCipher: 19,
  sslProtocol: 20,
  targetGroupArn: 21,
  traceId: 22,
  domainName: 23,
  chosenCertArn: 24,
  matchedRulePriority: 25,
  requestCreationTime: 26,
  actionsExecuted: 27,
  redirectUrl: 28,
  lambdaErrorReason: 29,
  targetPortList: 30,
  targetStatusCodeList: 31,
  classification: 32,
  classificationReason: 33,
  connTraceId: 34,
});
