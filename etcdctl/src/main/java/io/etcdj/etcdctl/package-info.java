/**
 * etcdctl as etcd 0.4.6 shipped it: {@code Main} parses the global flags (with the shared {@code cli} parser),
 * picks a {@link io.etcdj.etcdctl.Command} ({@code ls}, {@code get}, {@code mk}, {@code mkdir}, {@code set},
 * {@code setdir}, {@code update}, {@code updatedir}, {@code rm}, {@code rmdir}, {@code watch}, {@code exec-watch},
 * {@code member list}, {@code cluster-health}) and runs it against the endpoints through {@code EtcdClient} (the JDK's
 * HTTP client, following 307s, trying each endpoint in turn; TLS through the {@code tls} module). {@code Printer}
 * writes the three output formats ({@code -o simple|extended|json}) byte for byte as 0.4.6 did; errors and exit codes
 * follow 0.4.6 ({@code ExitCodes}).
 */
package io.etcdj.etcdctl;
