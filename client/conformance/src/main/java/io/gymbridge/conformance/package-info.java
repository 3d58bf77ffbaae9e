/**
 * The conformance suites any gymbridge.v1 server can be judged by, as dm_env_rpc ships its
 * compliance suite: {@link io.gymbridge.conformance.EnvContract} (the Env API's promises, through
 * any way of reaching an env) and {@link io.gymbridge.conformance.ErrorContract} (the error cases
 * of the protocol, at the wire level). Each is a list of named {@link
 * io.gymbridge.conformance.ContractCase}s; {@link io.gymbridge.conformance.ServerConformance} runs
 * both against a server by URL, which is what {@code ./gymbridge check --contract} does, and a test
 * framework turns each case into one test (the project's JUnit tests do).
 */
package io.gymbridge.conformance;
