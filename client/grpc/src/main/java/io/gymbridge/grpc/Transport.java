package io.gymbridge.grpc;

/** How a remote env sends its requests: unary RPCs or one bidirectional stream. */
public enum Transport {
    /** One Session stream per env: the lowest latency per step. The default. */
    STREAM,
    /** One unary RPC per request: simplest, works through any proxy. */
    UNARY
}
