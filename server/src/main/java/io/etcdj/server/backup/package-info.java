/**
 * {@code etcdctl backup}: a consistent copy of a (possibly running) member's data dir as a new one-member cluster's
 * data dir. It reads the source with the WAL's own checks and changes nothing there; etcdctl loads it by name.
 */
package io.etcdj.server.backup;
