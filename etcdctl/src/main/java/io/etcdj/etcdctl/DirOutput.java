package io.etcdj.etcdctl;

/**
 * Directory commands (mkdir, setdir, updatedir, rmdir) have no value to show: 0.4.6 printed nothing
 * for them and 3.4 prints the response only in extended/json output. Both agree on this rule.
 */
final class DirOutput {
    private DirOutput() {}

    static void print(Invocation inv, EtcdResponse r) {
        if (!inv.printer.simple()) {
            inv.printer.print(r);
        }
    }
}
