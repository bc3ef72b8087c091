/**
 * etcd 0.4.6's flags (Go's flag syntax: {@code -name value}, {@code -name=value}, {@code --name}, bare booleans) and
 * their {@code ETCD_*} environment variables, merged and checked into a {@link io.etcdj.server.config.ServerConfig}.
 * {@code FlagTable} is the one list of flags, defaults and help ({@code -h} prints it); a bad value stops start-up
 * with a message naming the flag. Flags of 0.4.6 for what this build does not do are listed and refused with a
 * reason.
 */
package io.etcdj.server.config;
