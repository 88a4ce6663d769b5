/**
 * What the data plane tells the rest of elbow about each request it finished: one record per
 * HTTP request (per WebSocket or TCP connection, when it closes). Access logs (issue 7) write
 * them in AWS's formats, the traffic inspector streams and charts them; neither reaches into the
 * proxy. Times are wall-clock epoch milliseconds (fractions allowed), as `now()` gave them.
 */

/** How a sticky-session cookie decided (or did not decide) the target or target group. */
export interface StickinessOutcome {
  readonly cookie: 'AWSALB' | 'AWSALBAPP' | 'AWSALBTG' | 'AWSELB';
  /**
   * `hit`: the client's cookie chose; `miss`: a cookie came but could not be used (see
   * `reason`); `new`: no cookie, chosen by the algorithm and a cookie issued.
   */
  readonly outcome: 'hit' | 'miss' | 'new';
  /** Why, in a few words (`cookie expired`, `target unhealthy`, `no cookie`, ...). */
  readonly reason: string;
}

/** The TLS facts of an HTTPS/SSL connection, for the log's cipher, protocol, SNI and certificate fields. */
export interface TlsRecord {
  /** OpenSSL name, `ECDHE-RSA-AES128-GCM-SHA256`. */
  readonly cipher: string;
  /** `TLSv1.2`, `TLSv1.3`. */
  readonly protocol: string;
  readonly serverName: string | undefined;
  readonly certificateArn: string | undefined;
}

/** Where the load balancer's access logs go, when they are enabled (ALB attributes, classic AccessLog). */
export interface AccessLogDestination {
  readonly bucket: string;
  /** Without leading or trailing slash; undefined: logs at the bucket's root. */
  readonly prefix: string | undefined;
  /** AWS's interval: 5 for ALBs, EmitInterval (5 or 60) for classic. */
  readonly intervalMinutes: number;
}

interface RecordBase {
  readonly accountId: string;
  /** Set when access logs are enabled for the load balancer at the time of the request. */
  readonly accessLog: AccessLogDestination | undefined;
  readonly region: string;
  /** When the load balancer received the request (for TCP: accepted the connection). */
  readonly receivedAtMs: number;
  /** When the request went to the target; undefined: never dispatched. */
  readonly dispatchedAtMs: number | undefined;
  /** When the target's response head arrived; undefined: no response. */
  readonly targetRespondedAtMs: number | undefined;
  /** When the answer was complete (WebSocket and TCP: when the connection closed). */
  readonly completedAtMs: number;
  readonly clientIp: string;
  readonly clientPort: number;
  /** The target that got the request; undefined when none did. */
  readonly target: { readonly id: string; readonly host: string; readonly port: number } | undefined;
  /** Status sent to the client; undefined when the client got none (connection cut, TCP). */
  readonly elbStatusCode: number | undefined;
  /** The target's status; undefined when it gave none. */
  readonly targetStatusCode: number | undefined;
  readonly receivedBytes: number;
  readonly sentBytes: number;
  /** HTTP only: the request as the client sent it. */
  readonly http:
    | {
        readonly method: string;
        /** The request target as sent (`/a?b` or absolute form). */
        readonly url: string;
        /** `1.1`, `1.0`, `2.0`. */
        readonly httpVersion: string;
        /** The Host header, undefined when absent. */
        readonly host: string | undefined;
        readonly userAgent: string | undefined;
      }
    | undefined;
  readonly tls: TlsRecord | undefined;
  readonly stickiness: readonly StickinessOutcome[];
  /**
   * The sticky cookies the client presented, `name=value` (AWSALB*, AWSELB, the app cookie),
   * so the inspector can fingerprint a session without keeping whole Cookie headers.
   */
  readonly sessionCookies: readonly string[];
  /**
   * The sticky session the request rode or, for a client's first request, the one its response
   * started: the same for every request of it, though the sealed cookies change (ALB reseals
   * AWSALB on every answer). Undefined: nothing sticky. Added after issue 7's review, optional.
   */
  readonly stickySessionKey?: string | undefined;
}

export interface AlbRequestRecord extends RecordBase {
  readonly kind: 'alb';
  /** Access-log `type`: `http`, `https`, `ws`, `wss`. */
  readonly type: 'http' | 'https' | 'ws' | 'wss';
  readonly loadBalancer: {
    readonly arn: string;
    readonly name: string;
    /** `app/<name>/<id16>`, the log's `elb` field. */
    readonly resourceId: string;
  };
  readonly listenerArn: string;
  readonly listenerPort: number;
  readonly targetGroupArn: string | undefined;
  /** The X-Amzn-Trace-Id value sent on. */
  readonly traceId: string | undefined;
  /** 1–50000 for a rule, 0 for the default rule; undefined when no rule was evaluated. */
  readonly matchedRulePriority: number | undefined;
  readonly ruleArn: string | undefined;
  /** `forward`, `redirect`, `fixed-response`, in order. */
  readonly actionsExecuted: readonly string[];
  readonly redirectUrl: string | undefined;
  readonly errorReason: string | undefined;
  /** Desync classification, when not compliant. */
  readonly classification: { readonly class: string; readonly reason: string } | undefined;
  /**
   * The access log's `conn_trace_id`: one id per client connection, shared by every request
   * on it (added for issue 7; optional so producers that do not know it stay valid).
   */
  readonly connectionTraceId?: string | undefined;
}

export interface ClassicRequestRecord extends RecordBase {
  readonly kind: 'classic';
  readonly loadBalancerName: string;
  readonly listenerPort: number;
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'SSL';
  /**
   * HTTP/HTTPS listeners: the request and response *bodies'* sizes, which classic access logs
   * write (access-logs.md §3 [D2]); `receivedBytes`/`sentBytes` are used when absent (added for
   * issue 7, optional).
   */
  readonly receivedBodyBytes?: number | undefined;
  readonly sentBodyBytes?: number | undefined;
}

export type RequestRecord = AlbRequestRecord | ClassicRequestRecord;

export type RequestRecordListener = (record: RequestRecord) => void;

/** One publisher, many readers (access logs, inspector); a reader that throws never hurts another or the proxy. */
export interface RequestRecordHub {
  publish(record: RequestRecord): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: RequestRecordListener): () => void;
  /** Whether anyone listens: the proxy skips building records when nobody does. */
  hasListeners(): boolean;
}

export function createRequestRecordHub(onListenerError: (error: unknown) => void = () => {}): RequestRecordHub {
  const listeners = new Set<RequestRecordListener>();
  return {
    publish(record) {
      for (const listener of listeners) {
        try {
          listener(record);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    hasListeners: () => listeners.size > 0,
  };
}
