package io.etcdj.store;

/**
 * Path walks over the tree and etcd's comparison for compareAndSwap/compareAndDelete. Callers hold the store's lock
 * and pass the current index, which every refusal reports.
 */
final class TreeWalk {
    private TreeWalk() {}

    /**
     * Walks a clean path (etcd internalGet): a file met on the way is 104 with the file's path, a missing component
     * 100 with the path up to and including it.
     */
    static Node lookup(Node root, String path, long currentIndex) throws StoreException {
        Node cur = root;
        int n = path.length();
        int start = 1;
        while (start < n) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = n;
            }
            if (!cur.isDir()) {
                throw new StoreException(ErrorCode.NOT_DIR, cur.path, currentIndex);
            }
            Node child = cur.children.get(path.substring(start, end));
            if (child == null) {
                throw new StoreException(ErrorCode.KEY_NOT_FOUND, path.substring(0, end), currentIndex);
            }
            cur = child;
            start = end + 1;
        }
        return cur;
    }

    /**
     * The directory that will hold {@code path}, creating missing ones with the coming index (etcd checkDir). Once a
     * directory is created every later component is new too, so a failure never leaves half-made directories.
     */
    static Node ensureParentDirs(Node root, String path, long next, long currentIndex) throws StoreException {
        Node cur = root;
        int last = path.lastIndexOf('/');
        int start = 1;
        while (start <= last) {
            int end = path.indexOf('/', start);
            String name = path.substring(start, end);
            Node child = cur.children.get(name);
            if (child == null) {
                child = Node.newDir(path.substring(0, end), cur, next, null);
                cur.children.put(name, child);
            } else if (!child.isDir()) {
                throw new StoreException(ErrorCode.NOT_DIR, child.path, currentIndex);
            }
            cur = child;
            start = end + 1;
        }
        return cur;
    }

    /**
     * etcd node.go Compare + store.go getCompareFailCause: null if the node passes, else the cause naming what failed
     * ("[prevValue != value]", "[prevIndex != modifiedIndex]", or both separated by a space). An empty prevValue
     * means "not compared", as in etcd (Go cannot tell it from an absent one); prevIndex 0 likewise.
     */
    static String compareFailure(Node n, String prevValue, long prevIndex) {
        boolean valueOk = prevValue == null || prevValue.isEmpty() || prevValue.equals(n.value);
        boolean indexOk = prevIndex == 0 || prevIndex == n.modifiedIndex;
        if (valueOk && indexOk) {
            return null;
        }
        String valueCause = "[" + prevValue + " != " + n.value + "]";
        String indexCause = "[" + Long.toUnsignedString(prevIndex) + " != " + n.modifiedIndex + "]";
        if (!valueOk && !indexOk) {
            return valueCause + " " + indexCause;
        }
        return valueOk ? indexCause : valueCause;
    }
}
