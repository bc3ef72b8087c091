/**
 * etcd 0.4.6's settings, merged and checked into a {@link io.etcdj.server.config.ServerConfig}: defaults, then
 * /etc/etcd/etcd.conf when present ({@code ConfigFile}), then the -config TOML file, then the {@code ETCD_*}
 * environment, then the flags (Go's flag syntax: {@code -name value}, {@code -name=value}, {@code --name}, bare
 * booleans; {@code Flags}). {@code FlagTable} is the one list of flags, defaults and help ({@code -h} prints it);
 * {@code LegacyFlags} holds 0.4's deprecated aliases and the settings accepted without effect; {@code TomlSubset}
 * reads the file with line numbers; {@code CheckedConfig} makes every check, and a bad value stops start-up with a
 * message naming where it came from: the flag, the variable, or the file, line and key.
 */
package io.etcdj.server.config;
