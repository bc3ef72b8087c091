/**
 * The command line flag parser that etcdctl and certs-gen share ({@code ./etcd} keeps its own Go-compatible
 * {@code Flags}, which also reads environment variables and a config file).
 *
 * <p>The syntax is that of Go's flag package, which etcdctl 0.4.6 used and its users' scripts rely on: "-name" and
 * "--name", "--name value" and "--name=value", switches set only with "=", "--" ending the flags. A tool declares
 * its {@link io.etcdj.cli.Flag}s, parses with an {@link io.etcdj.cli.ArgParser} and reads the
 * {@link io.etcdj.cli.ParsedArgs}; help screens and error wording stay with the tool, which is how etcdctl keeps
 * codegangsta/cli's screens and certs-gen its own.
 *
 * <p>Why not picocli (4.7.7, the well-kept choice): it could not reproduce that syntax. A boolean option must have
 * arity "0..1" to accept "--recursive=false", and then it also swallows a following "false" or "true"
 * ({@code ls --recursive false} would list "/" instead of the key "false"); with arity 0 "--recursive=false" is an
 * error. Its @-file expansion ({@code set /k @notes} would read a file), POSIX clustering and "option-looking
 * values are not values" ({@code --ttl --recursive}) would each have to be switched off, and every error text
 * (tests pin etcdctl's "flag provided but not defined: -bogus") rebuilt from its exceptions. What would remain is
 * a tokenizer configured against its grain, larger than this one.
 */
package io.etcdj.cli;
